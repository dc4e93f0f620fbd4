package io.pistream.sensor;

import io.pistream.contracts.Reading;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings storage has not acknowledged, on disk, so that a sensor node restarted during a storage
 * outage still delivers them. Written for SD cards and power cuts: segment files of one compact JSON
 * line per reading ({@code ["ceiling",1714606990000,21.5,40.0]}), only ever appended to, fsynced once
 * per {@link #append} and deleted once every reading in them is acknowledged. Segments left by an
 * earlier run are never appended to; a torn last line (power lost mid-write) is skipped, and a segment
 * with a damaged line elsewhere is renamed aside, not deleted. Bounded: when full, the oldest segments go.
 * Nothing is created on disk until the first append. Blocking and not thread-safe: the delivery calls it
 * from one worker thread.
 */
final class ReadingSpool {

  private static final Logger log = LoggerFactory.getLogger(ReadingSpool.class);
  private static final Pattern SEGMENT = Pattern.compile("readings-(\\d{12})\\.jsonl");
  static final int MAX_SEGMENT_READINGS = 5_000;

  /** Readings taken from the oldest segment for one store request; {@link #acknowledge} removes them. */
  record Batch(long segment, int from, List<Reading> readings) {
  }

  private static final class Segment {
    final long seq;
    final Path file;
    int count;

    Segment(long seq, Path file, int count) {
      this.seq = seq;
      this.file = file;
      this.count = count;
    }
  }

  /** What one segment file holds, read leniently. */
  private record Parsed(List<Reading> readings, boolean tornTail, String damage) {
  }

  private final Path dir;
  private final String nodeId;
  private final int maxReadings;
  private final int segmentReadings;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private long nextSeq = 1;
  private Segment tail;
  private FileChannel tailChannel;
  private List<Reading> head;
  private int headAcknowledged;
  private int size;
  private long dropped;

  private ReadingSpool(Path dir, String nodeId, int maxReadings) {
    this.dir = dir;
    this.nodeId = nodeId;
    this.maxReadings = maxReadings;
    // Whole segments are dropped when full: a tenth of the bound each keeps that loss small.
    this.segmentReadings = Math.max(1, Math.min(MAX_SEGMENT_READINGS, maxReadings / 10));
  }

  /**
   * Finds the segments an earlier run left in {@code dir}; a missing directory is an empty spool.
   *
   * @throws IOException when the directory cannot be listed
   */
  static ReadingSpool open(Path dir, String nodeId, int maxReadings) throws IOException {
    ReadingSpool spool = new ReadingSpool(dir, nodeId, maxReadings);
    spool.load();
    return spool;
  }

  /** Readings in the spool and not yet acknowledged. */
  int size() {
    return size;
  }

  /** Readings dropped because the spool was full, since it was opened. */
  long dropped() {
    return dropped;
  }

  Path dir() {
    return dir;
  }

  /**
   * Appends the readings and forces them to disk; the oldest readings make room when the spool is full.
   *
   * @return how many readings were dropped to make room
   */
  int append(List<Reading> readings) throws IOException {
    if (readings.isEmpty()) {
      return 0;
    }
    long droppedBefore = dropped;
    List<Reading> kept = readings;
    if (kept.size() > maxReadings) {
      dropped += kept.size() - maxReadings;
      kept = kept.subList(kept.size() - maxReadings, kept.size());
    }
    while (size + kept.size() > maxReadings && !segments.isEmpty()) {
      dropOldestSegment();
    }
    Files.createDirectories(dir);
    ByteBuffer pending = ByteBuffer.allocate(8192);
    for (Reading reading : kept) {
      if (tail == null || tail.count >= segmentReadings) {
        if (tail != null) {
          writeFully(pending);
        }
        startSegment();
      }
      pending = grow(pending, line(reading));
      tail.count++;
      size++;
      if (head != null && segments.peekFirst() == tail) {
        head.add(reading);
      }
    }
    writeFully(pending);
    // One fsync per append, not per reading: the card is written once per retry period during an outage.
    tailChannel.force(false);
    return (int) (dropped - droppedBefore);
  }

  /** The oldest readings not yet acknowledged, at most {@code max} of them; null when the spool is empty. */
  Batch peek(int max) throws IOException {
    while (!segments.isEmpty()) {
      Segment first = segments.peekFirst();
      if (head == null) {
        Parsed parsed = parse(first.file);
        if (parsed.damage() != null && first != tail) {
          moveAside(first.file, parsed.damage());
          segments.removeFirst();
          size -= first.count;
          continue;
        }
        head = new ArrayList<>(parsed.readings());
        headAcknowledged = 0;
        size += head.size() - first.count;
        first.count = head.size();
      }
      if (headAcknowledged < head.size()) {
        int to = Math.min(head.size(), headAcknowledged + max);
        return new Batch(first.seq, headAcknowledged, List.copyOf(head.subList(headAcknowledged, to)));
      }
      deleteOldestSegment();
    }
    return null;
  }

  /** Removes an acknowledged batch; one whose segment was dropped meanwhile is ignored. */
  void acknowledge(Batch batch) throws IOException {
    Segment first = segments.peekFirst();
    if (first == null || first.seq != batch.segment() || head == null || headAcknowledged != batch.from()) {
      return;
    }
    headAcknowledged += batch.readings().size();
    size -= batch.readings().size();
    if (headAcknowledged >= head.size()) {
      deleteOldestSegment();
    }
  }

  void close() throws IOException {
    if (tailChannel != null) {
      tailChannel.force(false);
      tailChannel.close();
      tailChannel = null;
      tail = null;
    }
  }

  private void load() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.filter(f -> SEGMENT.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    }
    for (Path file : files) {
      Matcher name = SEGMENT.matcher(file.getFileName().toString());
      long seq = name.matches() ? Long.parseLong(name.group(1)) : 0;
      nextSeq = Math.max(nextSeq, seq + 1);
      Parsed parsed = parse(file);
      if (parsed.damage() != null) {
        moveAside(file, parsed.damage());
        continue;
      }
      if (parsed.tornTail()) {
        log.warn("spool file {} ends in a torn line (pistream was stopped mid-write, e.g. by a power cut): skipped it, kept the {} readings before it",
            file, parsed.readings().size());
      }
      if (parsed.readings().isEmpty()) {
        Files.delete(file);
        continue;
      }
      segments.addLast(new Segment(seq, file, parsed.readings().size()));
      size += parsed.readings().size();
    }
    long before = dropped;
    while (size > maxReadings) {
      dropOldestSegment();
    }
    if (dropped > before) {
      log.warn("the spool {} held more than sensor.delivery.spoolMaxReadings ({}): dropped the oldest {} readings", dir, maxReadings,
          dropped - before);
    }
  }

  private Parsed parse(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Reading> readings = new ArrayList<>();
    int start = 0;
    int lineNumber = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      lineNumber++;
      if (end == bytes.length) {
        // No newline after it: the write of this line never finished.
        return new Parsed(readings, true, null);
      }
      String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
      try {
        readings.add(reading(text));
      } catch (IllegalArgumentException | ClassCastException | DecodeException e) {
        return new Parsed(readings, false, "line " + lineNumber + ": " + e.getMessage());
      }
      start = end + 1;
    }
    return new Parsed(readings, false, null);
  }

  private void moveAside(Path file, String damage) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    for (int i = 1; Files.exists(aside); i++) {
      aside = file.resolveSibling(file.getFileName() + ".corrupt-" + i);
    }
    try {
      Files.move(file, aside);
      log.error("spool file {} is damaged ({}): moved aside to {}; its readings are not delivered, inspect or delete it", file, damage, aside);
    } catch (IOException e) {
      log.error("spool file {} is damaged ({}) and could not be moved aside; it is left in place and ignored until the next start", file,
          damage, e);
    }
  }

  private void dropOldestSegment() throws IOException {
    Segment first = segments.peekFirst();
    int unacknowledged = first.count - (head != null ? headAcknowledged : 0);
    dropped += unacknowledged;
    size -= unacknowledged;
    deleteOldestSegment();
  }

  private void deleteOldestSegment() throws IOException {
    Segment first = segments.removeFirst();
    if (first == tail) {
      tailChannel.close();
      tailChannel = null;
      tail = null;
    }
    head = null;
    headAcknowledged = 0;
    Files.deleteIfExists(first.file);
  }

  private void startSegment() throws IOException {
    if (tailChannel != null) {
      tailChannel.force(false);
      tailChannel.close();
    }
    long seq = nextSeq++;
    Path file = dir.resolve(String.format("readings-%012d.jsonl", seq));
    tailChannel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    tail = new Segment(seq, file, 0);
    segments.addLast(tail);
    forceDirectory();
  }

  /** Makes a new file's name durable too; Linux allows fsync on a directory, other systems may not. */
  private void forceDirectory() {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync the directory {} on this system: {}", dir, e.toString());
    }
  }

  private void writeFully(ByteBuffer pending) throws IOException {
    pending.flip();
    while (pending.hasRemaining()) {
      tailChannel.write(pending);
    }
    pending.clear();
  }

  private static ByteBuffer grow(ByteBuffer buffer, byte[] line) {
    if (buffer.remaining() < line.length) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + line.length + 4096));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    return buffer.put(line);
  }

  private static byte[] line(Reading reading) {
    return (new JsonArray().add(reading.sensor()).add(reading.ts()).add(reading.temperatureC()).add(reading.humidityPct()).encode() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private Reading reading(String line) {
    JsonArray fields = new JsonArray(line);
    if (fields.size() != 4) {
      throw new IllegalArgumentException("expected [sensor, ts, temperatureC, humidityPct], got " + abbreviate(line));
    }
    Object ts = fields.getValue(1);
    if (!(ts instanceof Number) || !(fields.getValue(2) instanceof Number) || !(fields.getValue(3) instanceof Number)) {
      throw new IllegalArgumentException("expected numbers after the sensor id, got " + abbreviate(line));
    }
    return new Reading(nodeId, fields.getString(0), fields.getLong(1), fields.getDouble(2), fields.getDouble(3));
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
