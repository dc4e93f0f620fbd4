package io.pistream.web;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One part of a {@code multipart/x-mixed-replace} stream, built once per frame and written as the same
 * Buffer to every viewer: boundary, headers, JPEG, CRLF.
 */
final class MjpegStreamPart {

  static final String BOUNDARY = "pistreamframe";
  static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

  static Buffer build(Buffer jpeg, long timestampMs) {
    byte[] head = ("--" + BOUNDARY + "\r\n"
        + "Content-Type: image/jpeg\r\n"
        + "Content-Length: " + jpeg.length() + "\r\n"
        + "X-Timestamp: " + timestamp(timestampMs) + "\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return Buffer.buffer(head.length + jpeg.length() + 2)
        .appendBytes(head)
        .appendBuffer(jpeg)
        .appendByte((byte) '\r')
        .appendByte((byte) '\n');
  }

  /** Seconds with microseconds, as ustreamer sends it. */
  static String timestamp(long timestampMs) {
    long millis = Math.floorMod(timestampMs, 1000L);
    String micros = Long.toString(millis * 1000 + 1_000_000).substring(1);
    return Math.floorDiv(timestampMs, 1000L) + "." + micros;
  }

  private MjpegStreamPart() {
  }
}
