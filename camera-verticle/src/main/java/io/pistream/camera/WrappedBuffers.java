package io.pistream.camera;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A Vert.x {@link Buffer} over part of a byte array, sharing it: Vert.x's public {@code Buffer.buffer(byte[])}
 * copies. The one place the camera uses Vert.x's internal buffer API; a Vert.x that drops it fails the
 * build, not a camera.
 */
final class WrappedBuffers {

  static Buffer wrap(byte[] bytes, int offset, int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length));
  }

  private WrappedBuffers() {
  }
}
