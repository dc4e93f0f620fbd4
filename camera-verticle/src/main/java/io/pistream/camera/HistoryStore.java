package io.pistream.camera;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's history pictures on disk, a JPEG per picture named by its UTC capture time
 * ({@code 20261204T205900.123Z.jpg}), and their index in memory. The index is rebuilt from the directory
 * when the store opens, so nothing else needs to survive a restart.
 *
 * <p>Opening, {@link #add}, {@link #delete} and {@link #read} block and belong on a worker; writers take
 * turns. The index ({@link #between}, {@link #nearest}, {@link #summary}) may be read from any thread,
 * the event loop included: it never touches the disk.
 */
final class HistoryStore {

  private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String SUFFIX = ".jpg";
  private static final String PARTIAL = ".partial";

  /** How many pictures, their bytes, the oldest and newest capture time (0 when none). */
  record Summary(long pictures, long bytes, long oldestTs, long newestTs) {
    static final Summary EMPTY = new Summary(0, 0, 0, 0);
  }

  private final Path dir;
  private final ConcurrentSkipListMap<Long, Long> index = new ConcurrentSkipListMap<>();
  private final Object writing = new Object();
  private volatile Summary summary = Summary.EMPTY;

  private HistoryStore(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates the directory if needed and indexes what it holds. Files a crash left half written are
   * deleted; files that are not pictures of this store are left alone and not counted.
   */
  static HistoryStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (!Files.isWritable(dir)) {
      throw new IOException(dir + " is not writable");
    }
    HistoryStore store = new HistoryStore(dir);
    int foreign = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        Long ts = timestampOf(name);
        if (name.endsWith(PARTIAL) || ts != null && Files.size(file) == 0) {
          Files.deleteIfExists(file);
        } else if (ts != null && Files.isRegularFile(file)) {
          store.index.put(ts, Files.size(file));
        } else {
          foreign++;
        }
      }
    }
    if (foreign > 0) {
      log.warn("{}: {} file(s) that are not history pictures, left alone and not counted", dir, foreign);
    }
    store.summarise();
    return store;
  }

  /** Counts the pictures a directory holds without opening a store; 0 when it does not exist. */
  static long count(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long pictures = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (timestampOf(file.getFileName().toString()) != null) {
          pictures++;
        }
      }
    }
    return pictures;
  }

  Path directory() {
    return dir;
  }

  /** Writes the picture under a temporary name, flushes it to the disk, then renames it into place. */
  void add(long ts, byte[] jpeg) throws IOException {
    synchronized (writing) {
      Path file = dir.resolve(fileName(ts));
      Path partial = dir.resolve(fileName(ts) + PARTIAL);
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(jpeg);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      } catch (IOException e) {
        Files.deleteIfExists(partial);
        throw e;
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      index.put(ts, (long) jpeg.length);
      summarise();
    }
  }

  /** Deletes the pictures; one already gone counts as deleted. */
  void delete(List<StoredPicture> pictures) throws IOException {
    if (pictures.isEmpty()) {
      return;
    }
    synchronized (writing) {
      try {
        for (StoredPicture picture : pictures) {
          // Out of the index first: a reader then no longer finds it, or finds its file gone and looks again.
          index.remove(picture.ts());
          Files.deleteIfExists(dir.resolve(fileName(picture.ts())));
        }
      } finally {
        summarise();
      }
    }
  }

  /** The picture's bytes; {@link NoSuchFileException} when it was deleted meanwhile. */
  byte[] read(long ts) throws IOException {
    return Files.readAllBytes(dir.resolve(fileName(ts)));
  }

  /** Every picture taken from {@code from} to {@code to}, both included, oldest first. */
  List<StoredPicture> between(long from, long to) {
    List<StoredPicture> pictures = new ArrayList<>();
    if (from > to) {
      return pictures;
    }
    ConcurrentNavigableMap<Long, Long> range = index.subMap(from, true, to, true);
    for (Map.Entry<Long, Long> entry : range.entrySet()) {
      pictures.add(new StoredPicture(entry.getKey(), entry.getValue()));
    }
    return pictures;
  }

  List<StoredPicture> all() {
    return between(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** The picture taken nearest {@code ts} (the earlier of two as near); null when there is none. */
  StoredPicture nearest(long ts) {
    Map.Entry<Long, Long> before = index.floorEntry(ts);
    Map.Entry<Long, Long> after = index.ceilingEntry(ts);
    Map.Entry<Long, Long> nearest;
    if (before == null || after == null) {
      nearest = before == null ? after : before;
    } else {
      nearest = ts - before.getKey() <= after.getKey() - ts ? before : after;
    }
    return nearest == null ? null : new StoredPicture(nearest.getKey(), nearest.getValue());
  }

  Summary summary() {
    return summary;
  }

  static String fileName(long ts) {
    return NAME.format(Instant.ofEpochMilli(ts)) + SUFFIX;
  }

  /** The capture time a picture's file name says; null for any other name. */
  static Long timestampOf(String name) {
    if (!name.endsWith(SUFFIX)) {
      return null;
    }
    try {
      return Instant.from(NAME.parse(name.substring(0, name.length() - SUFFIX.length()))).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void summarise() {
    long bytes = 0;
    for (long size : index.values()) {
      bytes += size;
    }
    Map.Entry<Long, Long> oldest = index.firstEntry();
    Map.Entry<Long, Long> newest = index.lastEntry();
    summary = oldest == null ? Summary.EMPTY : new Summary(index.size(), bytes, oldest.getKey(), newest.getKey());
  }
}
