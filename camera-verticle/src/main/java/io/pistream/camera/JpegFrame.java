package io.pistream.camera;

import io.vertx.core.buffer.Buffer;

/** One complete JPEG with the dimensions read from its frame header. */
record JpegFrame(Buffer data, int width, int height) {
}
