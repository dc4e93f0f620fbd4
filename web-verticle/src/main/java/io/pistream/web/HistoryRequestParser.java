package io.pistream.web;

import io.pistream.contracts.HistoryQuery;
import io.vertx.core.MultiMap;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the query string of {@code /api/readings} into a {@link HistoryRequest}, with the original
 * Flask app's forms ({@code YYYY-MM-DD HH:MM}, {@code range_h}) beside ISO-8601 ones. Local times are
 * read in the server's zone. Every error names the parameter.
 */
final class HistoryRequestParser {

  static final Set<String> PARAMETERS = Set.of("from", "to", "range", "range_h", "sensor", "points", "raw");
  static final int DEFAULT_POINTS = 1000;
  static final int MAX_RANGE_HOURS = 87_600;

  private static final DateTimeFormatter ORIGINAL_FORM = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]");
  // A '+' in an unencoded query string arrives as a space: "2024-05-01T12:00 02:00" meant "+02:00".
  private static final Pattern DECODED_PLUS_OFFSET = Pattern.compile("(.*T.*) (\\d{2}:?\\d{2})$");
  private static final Instant LATEST_SUPPORTED = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final String TIME_FORMS =
      "use ISO-8601 (2024-05-01T12:00:00Z, 2024-05-01T14:00+02:00, 2024-05-01T14:00), a date (2024-05-01) or YYYY-MM-DD HH:MM";

  private final ZoneId zone;

  HistoryRequestParser(ZoneId zone) {
    this.zone = zone;
  }

  HistoryRequest parse(MultiMap params, Instant now) throws BadParameterException {
    QueryParameters query = QueryParameters.of(params, PARAMETERS);
    String fromText = query.single("from");
    String toText = query.single("to");
    String rangeText = query.single("range");
    String rangeHoursText = query.single("range_h");

    if (rangeText != null && rangeHoursText != null) {
      throw new BadParameterException("range_h", "give either range or range_h, not both");
    }
    Duration span = null;
    String spanParameter = null;
    if (rangeText != null) {
      span = namedRange(rangeText);
      spanParameter = "range";
    } else if (rangeHoursText != null) {
      span = Duration.ofHours(wholeNumber("range_h", rangeHoursText, 1, MAX_RANGE_HOURS));
      spanParameter = "range_h";
    }
    if (span != null && fromText != null) {
      throw new BadParameterException(spanParameter, "cannot be combined with from: a range ends at to (or now) and starts that long before");
    }

    long to = toText == null ? now.toEpochMilli() : time("to", toText, true);
    long from;
    if (fromText != null) {
      from = time("from", fromText, false);
    } else if (span != null) {
      from = to - span.toMillis();
    } else {
      from = startOfDayOf(to - 1);
    }
    if (from >= to) {
      throw new BadParameterException("from", "must be before to, got from " + Instant.ofEpochMilli(from) + " and to " + Instant.ofEpochMilli(to));
    }

    String pointsText = query.single("points");
    int points = pointsText == null ? DEFAULT_POINTS : (int) wholeNumber("points", pointsText, 1, HistoryQuery.MAX_POINTS);
    String rawText = query.single("raw");
    boolean raw = rawText != null && bool("raw", rawText);
    return new HistoryRequest(from, to, query.all("sensor"), points, raw);
  }

  private static Duration namedRange(String text) throws BadParameterException {
    return QuickRange.named(text)
        .orElseThrow(() -> new BadParameterException("range", "must be one of " + QuickRange.names() + ", got '" + text + "'"))
        .span();
  }

  /**
   * Epoch ms of a time in any accepted form. A bare date means the start of that day, except as
   * {@code to}, where it means the end, so that {@code from=2024-05-01&to=2024-05-01} is that day.
   */
  long time(String parameter, String text, boolean endOfDate) throws BadParameterException {
    Instant instant = instant(text, endOfDate);
    if (instant == null) {
      throw new BadParameterException(parameter, "cannot read '" + text + "' as a time: " + TIME_FORMS);
    }
    if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST_SUPPORTED)) {
      throw new BadParameterException(parameter, "must be between 1970 and 9999, got '" + text + "'");
    }
    return instant.toEpochMilli();
  }

  private Instant instant(String text, boolean endOfDate) {
    String withOffset = DECODED_PLUS_OFFSET.matcher(text).replaceFirst("$1+$2");
    List<Supplier<Instant>> forms = List.of(
        () -> ZonedDateTime.parse(withOffset, DateTimeFormatter.ISO_ZONED_DATE_TIME).toInstant(),
        () -> LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant(),
        () -> LocalDateTime.parse(text, ORIGINAL_FORM).atZone(zone).toInstant(),
        () -> {
          LocalDate date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
          return (endOfDate ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        });
    for (Supplier<Instant> form : forms) {
      try {
        return form.get();
      } catch (DateTimeException notThisForm) {
        // the next form may fit; the caller reports when none does
      }
    }
    return null;
  }

  private long startOfDayOf(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toEpochMilli();
  }

  private static long wholeNumber(String parameter, String text, long min, long max) throws BadParameterException {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadParameterException(parameter, "must be a whole number between " + min + " and " + max + ", got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new BadParameterException(parameter, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  private static boolean bool(String parameter, String text) throws BadParameterException {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new BadParameterException(parameter, "must be true or false, got '" + text + "'");
    };
  }
}
