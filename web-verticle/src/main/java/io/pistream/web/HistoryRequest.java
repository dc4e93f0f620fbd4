package io.pistream.web;

import java.util.List;

/**
 * A history query as the HTTP client asked for it, before its sensor names are resolved.
 *
 * @param from start, inclusive, epoch ms
 * @param to end, exclusive, epoch ms
 * @param sensors the {@code sensor} values as given ({@code node/sensor} or a bare id); empty = all
 * @param points at most this many buckets per sensor
 * @param raw raw rows instead of buckets
 */
record HistoryRequest(long from, long to, List<String> sensors, int points, boolean raw) {

  HistoryRequest {
    sensors = List.copyOf(sensors);
  }
}
