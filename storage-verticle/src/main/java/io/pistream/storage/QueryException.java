package io.pistream.storage;

/** A query that cannot be answered as asked; becomes {@code message.fail(code, message)}. */
final class QueryException extends RuntimeException {

  final int code;

  QueryException(int code, String message) {
    super(message);
    this.code = code;
  }
}
