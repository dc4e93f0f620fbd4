package io.pistream.web;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Between Vert.x {@link Buffer}s and Netty {@link ByteBuf}s, the one place that uses Vert.x's internal
 * buffer API: the MJPEG part is a pooled direct {@code ByteBuf} written as a {@code Buffer}, and the JPEG
 * is copied into it straight from the frame's own bytes. {@link #checkSupported()} runs at start.
 */
final class NettyBuffers {

  /** @throws IllegalStateException when Vert.x buffers are no longer backed by a {@code ByteBuf} */
  static void checkSupported() {
    if (!(Buffer.buffer() instanceof BufferInternal)) {
      throw new IllegalStateException("Vert.x buffers are no longer " + BufferInternal.class.getName()
          + ": pistream " + NettyBuffers.class.getSimpleName() + " needs updating for this Vert.x version");
    }
  }

  /** A {@code Buffer} over {@code content} that shares its memory and leaves its reference count alone. */
  static Buffer view(ByteBuf content) {
    return BufferInternal.buffer(content);
  }

  /** Appends the bytes of {@code source} without an intermediate array. */
  static void append(ByteBuf target, Buffer source) {
    target.writeBytes(((BufferInternal) source).getByteBuf());
  }

  private NettyBuffers() {
  }
}
