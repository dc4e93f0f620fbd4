package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.HistoryPoint;
import io.pistream.contracts.HistoryResult;
import io.pistream.contracts.HistorySeries;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonEncoderTest {

  private static void assertSameAsVertx(JsonObject json) {
    assertThat(JsonEncoder.encode(json).getBytes()).isEqualTo(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aHistoryAnswerIsEncodedAsVertxEncodesIt() {
    Random random = new Random(11);
    List<HistorySeries> series = new ArrayList<>();
    for (String sensor : List.of("a", "b")) {
      List<HistoryPoint> points = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        points.add(new HistoryPoint(1_795_599_000_000L + i * 2_640_000L, 1 + random.nextInt(1320),
            (random.nextInt(8000) - 4000) / 100.0, (random.nextInt(8000) - 4000) / 100.0, (random.nextInt(8000) - 4000) / 100.0,
            random.nextInt(10001) / 100.0, random.nextInt(10001) / 100.0, random.nextInt(10001) / 100.0));
      }
      series.add(new HistorySeries("bench", sensor, points));
    }
    JsonObject answer = new HistoryResult(1, 2, 2_640_000, "minute", series).toJson();
    answer.getJsonArray("series").getJsonObject(0).put("name", "Living room").put("location", "Ground floor");

    assertSameAsVertx(answer);
  }

  @Test
  void everyHundredthWithinThreeThousandAndSamplesUpToTheExponentFormAreWrittenAsDoubleToString() {
    for (long centi = -300_000; centi <= 300_000; centi++) {
      double value = centi / 100.0;
      assertThat(JsonEncoder.encode(new JsonObject().put("v", value)).toString()).isEqualTo("{\"v\":" + value + "}");
    }
    Random random = new Random(5);
    for (int i = 0; i < 200_000; i++) {
      double value = (random.nextLong() % 1_100_000_000L) / 100.0;
      assertSameAsVertx(new JsonObject().put("v", value));
    }
  }

  @Test
  void numbersThatAreNotHundredthsAndSpecialValuesFallBackToVertx() {
    Random random = new Random(3);
    JsonArray values = new JsonArray().add(-0.0).add(0.0).add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY)
        .add(1e7).add(9_999_999.99).add(-1e7).add(1e-4).add(0.001).add(1.005).add(21.333333333333332).add(Double.MIN_VALUE)
        .add(Double.MAX_VALUE).add(Long.MIN_VALUE).add(Long.MAX_VALUE).add(Integer.MIN_VALUE).add(0L).add(7).add(-12L)
        .add(1.5f).add(new BigDecimal("12.3400")).add(new BigInteger("123456789012345678901234567890")).add((short) 3)
        .add((byte) 4);
    for (int i = 0; i < 10_000; i++) {
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10) * (random.nextBoolean() ? 1 : -1));
    }
    assertSameAsVertx(new JsonObject().put("values", values));
  }

  @Test
  void stringsNeedingEscapesOrUtf8AndOtherTypesFallBackToVertx() {
    Map<String, Object> plainMap = new LinkedHashMap<>();
    plainMap.put("inner", List.of(1, "two", Map.of("three", 3.25)));
    JsonObject json = new JsonObject()
        .put("quote\"key", "a \"quoted\" \\ text")
        .put("control", "line\nbreak\ttab\u0001\u001f")
        .put("unicode", "Wohnzimmer – Süd, 日本, \uD83D\uDE00, del\u007f")
        .put("empty", "")
        .put("null", (Object) null)
        .put("flags", new JsonArray().add(true).add(false).addNull())
        .put("instant", Instant.parse("2024-05-01T00:00:00.123Z"))
        .put("bytes", new byte[] {1, 2, 3, (byte) 0xff})
        .put("buffer", Buffer.buffer("frame"))
        .put("map", plainMap)
        .put("list", new ArrayList<>(List.of(new JsonObject().put("x", 1.1), new JsonArray())))
        .put("nested", new JsonObject().put("deeper", new JsonObject()));

    assertSameAsVertx(json);
  }
}
