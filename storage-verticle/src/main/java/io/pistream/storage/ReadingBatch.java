package io.pistream.storage;

/**
 * Readings waiting to be written, column by column in primitive arrays: about 20 bytes a reading, so a
 * backlog of many thousands fits the Pi's small heap. Not thread-safe.
 */
final class ReadingBatch {

  private static final int INITIAL_CAPACITY = 1024;

  private int[] sensorIds;
  private long[] timestamps;
  private int[] temperatures;
  private int[] humidities;
  private int size;

  ReadingBatch() {
    this(INITIAL_CAPACITY);
  }

  ReadingBatch(int capacity) {
    sensorIds = new int[capacity];
    timestamps = new long[capacity];
    temperatures = new int[capacity];
    humidities = new int[capacity];
  }

  void add(int sensorId, long ts, int temperatureCenti, int humidityCenti) {
    if (size == sensorIds.length) {
      grow(Math.max(INITIAL_CAPACITY, size * 2));
    }
    sensorIds[size] = sensorId;
    timestamps[size] = ts;
    temperatures[size] = temperatureCenti;
    humidities[size] = humidityCenti;
    size++;
  }

  void addAll(ReadingBatch other) {
    for (int i = 0; i < other.size; i++) {
      add(other.sensorIds[i], other.timestamps[i], other.temperatures[i], other.humidities[i]);
    }
  }

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int sensorId(int i) {
    return sensorIds[i];
  }

  long ts(int i) {
    return timestamps[i];
  }

  int temperatureCenti(int i) {
    return temperatures[i];
  }

  int humidityCenti(int i) {
    return humidities[i];
  }

  private void grow(int capacity) {
    sensorIds = java.util.Arrays.copyOf(sensorIds, capacity);
    timestamps = java.util.Arrays.copyOf(timestamps, capacity);
    temperatures = java.util.Arrays.copyOf(temperatures, capacity);
    humidities = java.util.Arrays.copyOf(humidities, capacity);
  }
}
