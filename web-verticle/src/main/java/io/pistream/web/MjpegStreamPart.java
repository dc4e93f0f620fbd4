package io.pistream.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * One part of a {@code multipart/x-mixed-replace} stream, built once per frame in a pooled direct buffer
 * and written as it is to every viewer: the socket reads it where it lies, where a heap part would be
 * copied into a direct buffer again on every write.
 *
 * <p>A stream opens with the boundary line ({@link #OPENING}); each part is headers, JPEG, and at once the
 * next boundary line. A browser shows a part when it sees the boundary after it: sent with the part, the
 * newest frame shows now instead of when the next frame's headers arrive.
 *
 * <p>The part is reference counted. Its builder holds one reference and gives it back with
 * {@link #release()} once the part is superseded; every write holds one more until it completes.
 */
final class MjpegStreamPart {

  static final String BOUNDARY = "pistreamframe";
  static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
  private static final String BOUNDARY_LINE = "--" + BOUNDARY + "\r\n";
  private static final byte[] CLOSING = ("\r\n" + BOUNDARY_LINE).getBytes(StandardCharsets.US_ASCII);

  private final ByteBuf content;
  // Vert.x writes an unreleasable slice of this, so Netty never frees the part behind our counting.
  private final Buffer view;

  private MjpegStreamPart(ByteBuf content) {
    this.content = content;
    this.view = NettyBuffers.view(content);
  }

  static MjpegStreamPart build(Buffer jpeg, long timestampMs) {
    byte[] head = ("Content-Type: image/jpeg\r\n"
        + "Content-Length: " + jpeg.length() + "\r\n"
        + "X-Timestamp: " + timestamp(timestampMs) + "\r\n"
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuf content = ByteBufAllocator.DEFAULT.directBuffer(head.length + jpeg.length() + CLOSING.length);
    try {
      content.writeBytes(head);
      NettyBuffers.append(content, jpeg);
      content.writeBytes(CLOSING);
    } catch (RuntimeException e) {
      content.release();
      throw e;
    }
    return new MjpegStreamPart(content);
  }

  /** What a stream starts with, before its first part: the first boundary line. */
  static Buffer opening() {
    return Buffer.buffer(BOUNDARY_LINE);
  }

  /** Seconds with microseconds, as ustreamer sends it. */
  static String timestamp(long timestampMs) {
    long millis = Math.floorMod(timestampMs, 1000L);
    String micros = Long.toString(millis * 1000 + 1_000_000).substring(1);
    return Math.floorDiv(timestampMs, 1000L) + "." + micros;
  }

  int length() {
    return content.readableBytes();
  }

  /** The bytes of this part, for reading only and only while a reference is held. */
  Buffer bytes() {
    return view;
  }

  int referenceCount() {
    return content.refCnt();
  }

  /** Writes the whole part, holding a reference until the write is done, whether it succeeded or not. */
  Future<Void> writeTo(HttpServerResponse response) {
    content.retain();
    Future<Void> written;
    try {
      written = response.write(view);
    } catch (RuntimeException e) {
      content.release();
      throw e;
    }
    return written.onComplete(done -> content.release());
  }

  /** Gives back the builder's reference. */
  void release() {
    content.release();
  }
}
