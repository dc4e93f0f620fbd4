package io.pistream.storage;

import java.util.Locale;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Names why a write failed in the words an operator acts on (disk full, read-only, I/O error), from
 * the SQLite result code found in the failure's causes.
 */
final class WriteFault {

  /** @return a short reason, then SQLite's own message: {@code "disk full: [SQLITE_FULL] ..."} */
  static String describe(Throwable failure) {
    if (failure instanceof DatabaseFileException) {
      return failure.getMessage();
    }
    SQLiteErrorCode code = code(failure);
    String message = String.valueOf(failure.getMessage());
    return reason(code) + ": " + message;
  }

  /** Whether the cause is known and needs no stack trace to be understood. */
  static boolean expected(Throwable failure) {
    return failure instanceof DatabaseFileException || code(failure) != null;
  }

  static String reason(SQLiteErrorCode code) {
    if (code == null) {
      return "database error";
    }
    String name = code.name().toUpperCase(Locale.ROOT);
    if (name.startsWith("SQLITE_FULL")) {
      return "disk full";
    }
    if (name.startsWith("SQLITE_READONLY")) {
      return "database is read-only";
    }
    if (name.startsWith("SQLITE_IOERR")) {
      return "I/O error";
    }
    if (name.startsWith("SQLITE_CANTOPEN")) {
      return "cannot open the database file";
    }
    if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
      return "database damaged";
    }
    if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
      return "database busy";
    }
    return "database error";
  }

  private static SQLiteErrorCode code(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        return sqlite.getResultCode();
      }
    }
    return null;
  }

  private WriteFault() {
  }
}
