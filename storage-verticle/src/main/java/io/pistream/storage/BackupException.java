package io.pistream.storage;

/** A backup, export or import could not be done; the message says why and what to do, for the operator. */
public final class BackupException extends RuntimeException {

  public BackupException(String message) {
    super(message);
  }
}
