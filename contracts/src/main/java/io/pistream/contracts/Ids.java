package io.pistream.contracts;

import java.util.regex.Pattern;

/**
 * The one shape of every id pistream puts in a path, an address or a file name: node, sensor and camera
 * ids. Lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters (a
 * host name label), so an id is safe in a URL, an event-bus address and a SQL literal alike.
 */
public final class Ids {

  public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** Words for error messages: what {@link #PATTERN} accepts. */
  public static final String DESCRIPTION = "lower-case letters, digits and '-' (at most 63, not starting with '-')";

  public static boolean valid(String id) {
    return id != null && PATTERN.matcher(id).matches();
  }

  /** @throws ConfigException naming the setting when {@code id} is not a valid id */
  public static String require(String id, String settingPath) {
    if (!valid(id)) {
      throw new ConfigException(settingPath + " must be " + DESCRIPTION + ", got '" + id + "'");
    }
    return id;
  }

  private Ids() {
  }
}
