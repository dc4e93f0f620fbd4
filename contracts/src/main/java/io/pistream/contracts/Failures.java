package io.pistream.contracts;

/**
 * Failure codes carried by {@code Message.fail(code, text)}. The web verticle maps them to HTTP
 * statuses in one place; the text is meant for a human and names what was wrong.
 */
public final class Failures {

  /** The request was malformed or asked for something impossible (from after to, no sensors...). */
  public static final int BAD_REQUEST = 400;

  /** The request named something that does not exist (an unknown sensor or camera). */
  public static final int NOT_FOUND = 404;

  /** The request was valid but cannot be served now (camera full, capture failing, shutting down). */
  public static final int UNAVAILABLE = 503;

  /** Something broke on our side; the log has the cause. */
  public static final int INTERNAL = 500;

  private Failures() {
  }
}
