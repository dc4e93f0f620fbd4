package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryRequestParserTest {

  // UTC+9 all year: no daylight saving, so expected instants are plain arithmetic.
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final Instant NOW = Instant.parse("2024-05-10T03:30:00Z");

  private final HistoryRequestParser parser = new HistoryRequestParser(TOKYO);

  private static MultiMap params(String... namesAndValues) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  private HistoryRequest parse(String... namesAndValues) throws BadParameterException {
    return parser.parse(params(namesAndValues), NOW);
  }

  private BadParameterException rejected(String... namesAndValues) {
    BadParameterException error = catchThrowableOfType(BadParameterException.class, () -> parse(namesAndValues));
    assertThat(error).as("parameters %s should be rejected", String.join(" ", namesAndValues)).isNotNull();
    return error;
  }

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Nested
  class Defaults {

    @Test
    void nothingGivenMeansTodayFromLocalMidnightUntilNow() throws Exception {
      HistoryRequest request = parse();

      assertThat(request.from()).isEqualTo(ms("2024-05-09T15:00:00Z"));
      assertThat(request.to()).isEqualTo(NOW.toEpochMilli());
      assertThat(request.points()).isEqualTo(1000);
      assertThat(request.raw()).isFalse();
      assertThat(request.sensors()).isEmpty();
    }

    @Test
    void atLocalMidnightTheDefaultIsTheDayThatJustEnded() throws Exception {
      Instant midnight = Instant.parse("2024-05-09T15:00:00Z");

      HistoryRequest request = parser.parse(params(), midnight);

      assertThat(request.from()).isEqualTo(ms("2024-05-08T15:00:00Z"));
      assertThat(request.to()).isEqualTo(midnight.toEpochMilli());
    }

    @Test
    void emptyValuesCountAsNotGiven() throws Exception {
      HistoryRequest request = parse("from", "", "to", " ", "range_h", "", "points", "", "raw", "", "sensor", "");

      assertThat(request).isEqualTo(parse());
    }

    @Test
    void toAloneStartsAtMidnightOfItsDay() throws Exception {
      HistoryRequest request = parse("to", "2024-05-01T12:00");

      assertThat(request.from()).isEqualTo(ms("2024-04-30T15:00:00Z"));
      assertThat(request.to()).isEqualTo(ms("2024-05-01T03:00:00Z"));
    }

    @Test
    void fromAloneEndsNow() throws Exception {
      HistoryRequest request = parse("from", "2024-05-01T00:00:00Z");

      assertThat(request.from()).isEqualTo(ms("2024-05-01T00:00:00Z"));
      assertThat(request.to()).isEqualTo(NOW.toEpochMilli());
    }
  }

  @Nested
  class TimeForms {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2024-05-01T12:00:00Z                       | 2024-05-01T12:00:00Z",
        "2024-05-01T12:00Z                          | 2024-05-01T12:00:00Z",
        "2024-05-01T12:00:00.250Z                   | 2024-05-01T12:00:00.250Z",
        "2024-05-01T14:00+02:00                     | 2024-05-01T12:00:00Z",
        "2024-05-01T10:00:00-02:00                  | 2024-05-01T12:00:00Z",
        "2024-05-01T14:00+02:00[Europe/Berlin]      | 2024-05-01T12:00:00Z",
        "2024-05-01T21:00                           | 2024-05-01T12:00:00Z",
        "2024-05-01T21:00:30.5                      | 2024-05-01T12:00:30.500Z",
        "2024-05-01 21:00                           | 2024-05-01T12:00:00Z",
        "2024-05-01 21:00:15                        | 2024-05-01T12:00:15Z",
        "2024-05-01                                 | 2024-04-30T15:00:00Z",
    })
    void fromAcceptsEveryForm(String text, String expected) throws Exception {
      assertThat(parse("from", text, "to", "2024-06-01T00:00:00Z").from()).isEqualTo(ms(expected));
    }

    @Test
    void anOffsetWhosePlusWasDecodedAsASpaceStillReads() throws Exception {
      // What arrives for an unencoded ?from=2024-05-01T14:00+02:00
      assertThat(parse("from", "2024-05-01T14:00 02:00").from()).isEqualTo(ms("2024-05-01T12:00:00Z"));
    }

    @Test
    void aDateAsToIncludesThatWholeDay() throws Exception {
      HistoryRequest request = parse("from", "2024-05-01", "to", "2024-05-01");

      assertThat(request.from()).isEqualTo(ms("2024-04-30T15:00:00Z"));
      assertThat(request.to()).isEqualTo(ms("2024-05-01T15:00:00Z"));
    }

    @Test
    void localTimesFollowDaylightSavingInZonesThatHaveIt() throws Exception {
      HistoryRequestParser berlin = new HistoryRequestParser(ZoneId.of("Europe/Berlin"));
      Instant springForwardDay = Instant.parse("2024-03-31T10:00:00Z");

      HistoryRequest today = berlin.parse(params(), springForwardDay);
      HistoryRequest summerTime = berlin.parse(params("from", "2024-03-31 11:00"), springForwardDay);
      HistoryRequest skippedHour = berlin.parse(params("from", "2024-03-31 02:30"), springForwardDay);

      assertThat(today.from()).isEqualTo(ms("2024-03-30T23:00:00Z"));
      assertThat(summerTime.from()).isEqualTo(ms("2024-03-31T09:00:00Z"));
      // 02:30 does not exist that night; it is read as the same moment in summer time, 03:30.
      assertThat(skippedHour.from()).isEqualTo(ms("2024-03-31T01:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-13-01", "2024-05-01T25:00", "01.05.2024", "1714521600000", "2024-05-01T12:00+25:00"})
    void unreadableTimesNameTheParameter(String text) {
      BadParameterException error = rejected("from", text);

      assertThat(error.parameter()).isEqualTo("from");
      assertThat(error.getMessage()).contains(text).contains("ISO-8601");
    }

    @Test
    void unreadableToNamesTo() {
      assertThat(rejected("to", "soon").parameter()).isEqualTo("to");
    }

    @Test
    void timesBefore1970AreRefused() {
      BadParameterException error = rejected("from", "1969-12-31T00:00:00Z");

      assertThat(error.parameter()).isEqualTo("from");
      assertThat(error.getMessage()).contains("1970");
    }

    @Test
    void fromAfterToIsRefusedNamingFrom() {
      BadParameterException error = rejected("from", "2024-05-02T00:00:00Z", "to", "2024-05-01T00:00:00Z");

      assertThat(error.parameter()).isEqualTo("from");
      assertThat(error.getMessage()).contains("before to");
    }

    @Test
    void fromEqualToToIsRefused() {
      assertThat(rejected("from", "2024-05-01T00:00:00Z", "to", "2024-05-01T00:00:00Z").parameter()).isEqualTo("from");
    }

    @Test
    void fromInTheFutureWithoutToIsRefused() {
      assertThat(rejected("from", "2024-06-01T00:00:00Z").parameter()).isEqualTo("from");
    }
  }

  @Nested
  class Ranges {

    @ParameterizedTest(name = "range={0}")
    @CsvSource({"12h, 12", "24h, 24", "3d, 72", "7d, 168", "30d, 720", "1y, 8760"})
    void namedRangesEndNow(String range, long hours) throws Exception {
      HistoryRequest request = parse("range", range);

      assertThat(request.to()).isEqualTo(NOW.toEpochMilli());
      assertThat(request.to() - request.from()).isEqualTo(hours * 3_600_000L);
    }

    @Test
    void aRangeEndsAtToWhenGiven() throws Exception {
      HistoryRequest request = parse("range", "12h", "to", "2024-05-01T12:00:00Z");

      assertThat(request.from()).isEqualTo(ms("2024-05-01T00:00:00Z"));
      assertThat(request.to()).isEqualTo(ms("2024-05-01T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 87_600})
    void rangeHoursOfTheOriginal(int hours) throws Exception {
      HistoryRequest request = parse("range_h", Integer.toString(hours));

      assertThat(request.to() - request.from()).isEqualTo(hours * 3_600_000L);
      assertThat(request.to()).isEqualTo(NOW.toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "87601", "1.5", "abc", "99999999999999999999"})
    void rangeHoursOutOfBoundsOrNotWhole(String text) {
      BadParameterException error = rejected("range_h", text);

      assertThat(error.parameter()).isEqualTo("range_h");
      assertThat(error.getMessage()).contains("87600");
    }

    @Test
    void unknownRangeListsTheKnownOnes() {
      BadParameterException error = rejected("range", "2w");

      assertThat(error.parameter()).isEqualTo("range");
      assertThat(error.getMessage()).contains("12h, 24h, 3d, 7d, 30d, 1y").contains("2w");
    }

    @Test
    void rangeAndRangeHoursTogetherAreRefused() {
      assertThat(rejected("range", "24h", "range_h", "24").parameter()).isEqualTo("range_h");
    }

    @Test
    void rangeWithFromIsRefused() {
      BadParameterException error = rejected("range", "24h", "from", "2024-05-01T00:00:00Z");

      assertThat(error.parameter()).isEqualTo("range");
      assertThat(error.getMessage()).contains("from");
    }

    @Test
    void rangeHoursWithFromIsRefused() {
      assertThat(rejected("range_h", "3", "from", "2024-05-01T00:00:00Z").parameter()).isEqualTo("range_h");
    }
  }

  @Nested
  class OtherParameters {

    @ParameterizedTest
    @ValueSource(ints = {1, 500, 10_000})
    void pointsWithinBounds(int points) throws Exception {
      assertThat(parse("points", Integer.toString(points)).points()).isEqualTo(points);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10001", "-1", "many", "1e3"})
    void absurdPointsAreRefused(String text) {
      BadParameterException error = rejected("points", text);

      assertThat(error.parameter()).isEqualTo("points");
      assertThat(error.getMessage()).contains("10000");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "1, true", "false, false", "0, false"})
    void rawFlag(String text, boolean expected) throws Exception {
      assertThat(parse("raw", text).raw()).isEqualTo(expected);
    }

    @Test
    void rawMustBeABoolean() {
      assertThat(rejected("raw", "maybe").parameter()).isEqualTo("raw");
    }

    @Test
    void sensorsAreKeptInTheOrderGiven() throws Exception {
      HistoryRequest request = parse("sensor", "pi-2/attic", "sensor", "ceiling", "sensor", " ");

      assertThat(request.sensors()).containsExactly("pi-2/attic", "ceiling");
    }

    @Test
    void unknownParametersAreRefusedByName() {
      BadParameterException error = rejected("form", "2024-05-01", "pionts", "5", "range", "24h");

      assertThat(error.parameter()).isEqualTo("form, pionts");
      assertThat(error.getMessage()).contains("expected from, points, range, range_h, raw, sensor, to");
    }

    @Test
    void singleValuedParametersGivenTwiceAreRefused() {
      BadParameterException error = rejected("from", "2024-05-01", "from", "2024-05-02");

      assertThat(error.parameter()).isEqualTo("from");
      assertThat(error.getMessage()).contains("more than once");
    }
  }
}
