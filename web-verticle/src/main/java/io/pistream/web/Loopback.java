package io.pistream.web;

import java.util.regex.Pattern;

/**
 * Whether a configured listen address is loopback, read from the text alone: resolving a host name
 * could wait on DNS, which no event loop may do, so a name other than {@code localhost} counts as not
 * loopback.
 */
final class Loopback {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

  static boolean is(String host) {
    String h = host.trim();
    return h.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1") || h.equals("[::1]");
  }

  private Loopback() {
  }
}
