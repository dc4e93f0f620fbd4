package io.pistream.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the readings one write really inserted add to the derived data: the three rollup tables, the
 * hourly digests anti-entropy compares and each sensor's first/last reading. Duplicates are never added here, so they are never counted twice.
 */
final class BatchTotals {

  /** A sensor's oldest and newest reading within one write. */
  record Span(int sensorId, long firstTs, long lastTs, int lastTemperatureCenti, int lastHumidityCenti) {
  }

  private final List<RollupAccumulator> rollups = new ArrayList<>();
  private final DigestAccumulator digests = new DigestAccumulator();
  private final Map<Integer, Span> spans = new HashMap<>();
  private long inserted;

  BatchTotals() {
    for (Resolution resolution : Resolution.ROLLUPS) {
      rollups.add(new RollupAccumulator(resolution));
    }
  }

  void addInserted(int sensorId, long ts, int temperatureCenti, int humidityCenti) {
    inserted++;
    for (RollupAccumulator rollup : rollups) {
      rollup.add(sensorId, ts, temperatureCenti, humidityCenti);
    }
    digests.add(sensorId, ts, temperatureCenti, humidityCenti);
    Span span = spans.get(sensorId);
    if (span == null) {
      spans.put(sensorId, new Span(sensorId, ts, ts, temperatureCenti, humidityCenti));
    } else if (ts < span.firstTs || ts > span.lastTs) {
      spans.put(sensorId, ts > span.lastTs
          ? new Span(sensorId, span.firstTs, ts, temperatureCenti, humidityCenti)
          : new Span(sensorId, ts, span.lastTs, span.lastTemperatureCenti, span.lastHumidityCenti));
    }
  }

  long inserted() {
    return inserted;
  }

  List<RollupAccumulator> rollups() {
    return rollups;
  }

  DigestAccumulator digests() {
    return digests;
  }

  List<Span> spans() {
    return new ArrayList<>(spans.values());
  }
}
