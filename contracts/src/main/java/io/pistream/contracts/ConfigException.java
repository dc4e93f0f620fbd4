package io.pistream.contracts;

/**
 * A setting is missing or invalid. Thrown at start; the launcher prints the message, which names the
 * setting and what it expected, and exits.
 */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
