package io.pistream.web;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a user or token may do: a viewer reads and watches, an admin may also change things. */
enum Role {
  VIEWER,
  ADMIN;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> wireNames() {
    return Arrays.stream(values()).map(Role::wire).toList();
  }

  static Role fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
