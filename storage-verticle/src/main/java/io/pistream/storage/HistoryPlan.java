package io.pistream.storage;

/**
 * How to answer one history query: read {@code source} over {@code [start, end)} and group it into
 * buckets of {@code bucketMs} starting at multiples of it. For raw rows, {@code bucketMs} is 0 and
 * the range is the one asked for.
 */
record HistoryPlan(Resolution source, long bucketMs, long start, long end, boolean raw) {
}
