package io.pistream.storage;

/** The database was written by a newer pistream; opening it could corrupt what that version wrote. */
final class SchemaTooNewException extends IllegalStateException {

  SchemaTooNewException(String message) {
    super(message);
  }
}
