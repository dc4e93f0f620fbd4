package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's HTML pages, assembled once: the head and the header (navigation, unit buttons) are
 * written once, in {@code dashboard/layout.html}, and each page's file under {@code dashboard/} fills
 * the layout's slots. A page file is a list of {@code <!-- slot:name -->} markers, each followed by that
 * slot's text; the layout names a slot as {@code {{name}}}, the page's own name as {@code {{page}}}, and
 * {@code {{current:name}}} becomes {@code aria-current="page"} on the page of that name.
 */
final class DashboardPages {

  record Page(String name, List<String> paths) {

    String resource() {
      return "dashboard/" + name + ".html";
    }
  }

  static final String LAYOUT = "dashboard/layout.html";
  static final List<Page> PAGES = List.of(
      new Page("live", List.of("/", "/index.html")),
      new Page("history", List.of("/history", "/history.html")));

  private static final Pattern SLOT_MARKER = Pattern.compile("<!-- slot:([a-z-]+) -->\n?");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)(?::([a-z-]+))?}}");

  private final Map<String, Buffer> byPath;
  private final Instant assembled;

  private DashboardPages(Map<String, Buffer> byPath, Instant assembled) {
    this.byPath = byPath;
    this.assembled = assembled;
  }

  /** Reads the layout and the pages off the classpath, on a worker: file I/O stays off the event loop. */
  static Future<DashboardPages> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      String layout = resource(LAYOUT);
      Map<String, Buffer> byPath = new LinkedHashMap<>();
      for (Page page : PAGES) {
        Buffer html = Buffer.buffer(assemble(layout, page.name(), resource(page.resource())));
        page.paths().forEach(path -> byPath.put(path, html));
      }
      // Last-Modified has whole seconds: a later If-Modified-Since must compare equal.
      return new DashboardPages(Map.copyOf(byPath), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    });
  }

  /** Every page by each path it is served at. */
  Map<String, Buffer> byPath() {
    return byPath;
  }

  Instant assembled() {
    return assembled;
  }

  static String assemble(String layout, String page, String pageFile) {
    Map<String, String> slots = slots(page, pageFile);
    Set<String> filled = new HashSet<>();
    String html = PLACEHOLDER.matcher(layout).replaceAll(placeholder -> {
      String name = placeholder.group(1);
      String text = switch (name) {
        case "page" -> page;
        case "current" -> page.equals(placeholder.group(2)) ? " aria-current=\"page\"" : "";
        default -> {
          filled.add(name);
          yield slots.getOrDefault(name, "");
        }
      };
      return Matcher.quoteReplacement(text);
    });
    Set<String> unknown = new HashSet<>(slots.keySet());
    unknown.removeAll(filled);
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("page " + page + " fills slots the layout does not have: " + unknown);
    }
    return html;
  }

  private static Map<String, String> slots(String page, String pageFile) {
    Map<String, String> slots = new LinkedHashMap<>();
    Matcher marker = SLOT_MARKER.matcher(pageFile);
    String name = null;
    int start = 0;
    while (marker.find()) {
      addSlot(slots, page, name, pageFile.substring(start, marker.start()));
      name = marker.group(1);
      start = marker.end();
    }
    addSlot(slots, page, name, pageFile.substring(start));
    return slots;
  }

  private static void addSlot(Map<String, String> slots, String page, String name, String text) {
    if (name == null) {
      if (!text.isBlank()) {
        throw new IllegalStateException("page " + page + " has text before its first slot marker");
      }
    } else if (slots.put(name, text.stripTrailing()) != null) {
      throw new IllegalStateException("page " + page + " fills slot " + name + " twice");
    }
  }

  /** A text file packed in the jar; blocking, so only from a worker. */
  static String resource(String name) {
    try (InputStream in = DashboardPages.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
