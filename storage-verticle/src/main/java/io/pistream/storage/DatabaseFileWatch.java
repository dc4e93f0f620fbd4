package io.pistream.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Whether the file at the database's path is still the one storage opened. SQLite keeps writing to a
 * file that was deleted (the open descriptors hold it) and every write would be lost with it at the next
 * close; a stat before each write (microseconds) notices instead. Confined to the verticle's event loop.
 */
final class DatabaseFileWatch {

  enum State {
    SAME,
    /** Deleted, or an empty file in its place: the open database can be copied back. */
    GONE,
    /** Another file holds the path: whose it is, only the operator knows. */
    REPLACED
  }

  private final Path file;
  private Object identity;

  DatabaseFileWatch(Path file) {
    this.file = file;
    this.identity = identity(file);
  }

  Path file() {
    return file;
  }

  State state() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (Objects.equals(attributes.fileKey(), identity)) {
        return State.SAME;
      }
      return attributes.size() == 0 ? State.GONE : State.REPLACED;
    } catch (IOException e) {
      return State.GONE;
    }
  }

  /** After the database was copied back to its path: that copy is the one to watch now. */
  void reset() {
    identity = identity(file);
  }

  private static Object identity(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }
}
