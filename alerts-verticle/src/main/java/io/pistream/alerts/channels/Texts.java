package io.pistream.alerts.channels;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Fitting words into the limits of the services, and keeping secrets out of messages. */
final class Texts {

  static final String ELLIPSIS = "…";

  /** At most {@code max} UTF-16 chars, the last one an ellipsis when cut; never splits a surrogate pair. */
  static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }

  /** At most {@code maxBytes} bytes in UTF-8, the last character an ellipsis when cut. */
  static String truncateUtf8(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    int budget = maxBytes - ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (used + bytes > budget) {
        break;
      }
      kept.appendCodePoint(codePoint);
      used += bytes;
      i += Character.charCount(codePoint);
    }
    return kept.append(ELLIPSIS).toString();
  }

  /** The body, then the link on a line of its own when there is one. */
  static String bodyWithLink(AlertMessage message) {
    String link = message.link() == null ? "" : message.link();
    return link.isEmpty() ? message.body() : message.body() + "\n\n" + link;
  }

  /** {@code text} with every secret of at least 4 characters replaced by {@code ***}. */
  static String redact(String text, Collection<String> secrets) {
    String result = text == null ? "" : text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }

  /** One line, at most {@code max} chars: for a server's answer quoted in a failure. */
  static String oneLine(String text, int max) {
    return truncate(text == null ? "" : text.replaceAll("\\s+", " ").trim(), max);
  }

  /** Why a connection or exchange failed, in words: the exception's message, else its kind. */
  static String why(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  private Texts() {
  }
}
