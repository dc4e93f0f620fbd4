package io.pistream.contracts;

import io.vertx.core.buffer.Buffer;

/**
 * One JPEG of a camera, published on {@link Addresses#cameraFrames} and answered to a snapshot request.
 * The only message that is not JSON: it travels with {@link CameraFrameCodec}, which hands local
 * consumers this same object, so nobody may modify {@code jpeg} once the frame is published.
 *
 * @param jpeg the complete JPEG
 * @param seq frame number since the camera started
 * @param ts capture time, epoch ms
 * @param width JPEG width in pixels
 * @param height JPEG height in pixels
 * @param fps the rate the camera delivers at, so a consumer that thins frames needs no status lookup
 * @param statusFrame a generated picture saying why there is no capture ("camera restarting")
 */
public record CameraFrame(Buffer jpeg, long seq, long ts, int width, int height, int fps, boolean statusFrame) {
}
