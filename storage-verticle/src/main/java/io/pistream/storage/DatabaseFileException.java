package io.pistream.storage;

/**
 * The database file is not one pistream can use (not SQLite, another application's, damaged); storage
 * refuses to start and leaves the file as it found it.
 */
final class DatabaseFileException extends IllegalStateException {

  DatabaseFileException(String message) {
    super(message);
  }
}
