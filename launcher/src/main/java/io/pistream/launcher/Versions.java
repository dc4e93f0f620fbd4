package io.pistream.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The pistream version this build was made from, as Maven filtered it into the jar. */
final class Versions {

  private static final String RESOURCE = "pistream/version.txt";
  // Read when the class loads (on the launching thread), never from an event loop.
  private static final String PISTREAM = read();

  static String pistream() {
    return PISTREAM;
  }

  private static String read() {
    try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + " from the jar", e);
    }
  }

  private Versions() {
  }
}
