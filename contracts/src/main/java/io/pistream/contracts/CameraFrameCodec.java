package io.pistream.contracts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries {@link CameraFrame}s. Local delivery passes the frame itself instead of the copy Vert.x makes
 * of a {@code Buffer} body for each consumer: a 1080p frame is about 260 KB, 24 times a second. Across a
 * cluster it is written as a small fixed header followed by the JPEG.
 */
public final class CameraFrameCodec implements MessageCodec<CameraFrame, CameraFrame> {

  public static final String NAME = "pistream.camera.frame";
  private static final byte WIRE_VERSION = 1;

  /**
   * Registers the codec as the default for {@link CameraFrame}. Every node that sends or receives frames
   * calls it (camera and web verticles); calling it again on the same event bus is harmless.
   */
  public static void registerOn(EventBus bus) {
    try {
      bus.registerDefaultCodec(CameraFrame.class, new CameraFrameCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first: the same codec
    }
  }

  @Override
  public void encodeToWire(Buffer wire, CameraFrame frame) {
    wire.appendByte(WIRE_VERSION)
        .appendLong(frame.seq())
        .appendLong(frame.ts())
        .appendInt(frame.width())
        .appendInt(frame.height())
        .appendInt(frame.fps())
        .appendByte((byte) (frame.statusFrame() ? 1 : 0))
        .appendInt(frame.jpeg().length())
        .appendBuffer(frame.jpeg());
  }

  @Override
  public CameraFrame decodeFromWire(int pos, Buffer wire) {
    byte version = wire.getByte(pos);
    if (version != WIRE_VERSION) {
      throw new IllegalArgumentException("camera frame of wire version " + version + ", this node reads " + WIRE_VERSION
          + ": run the same pistream version on every node");
    }
    long seq = wire.getLong(pos + 1);
    long ts = wire.getLong(pos + 9);
    int width = wire.getInt(pos + 17);
    int height = wire.getInt(pos + 21);
    int fps = wire.getInt(pos + 25);
    boolean statusFrame = wire.getByte(pos + 29) != 0;
    int length = wire.getInt(pos + 30);
    Buffer jpeg = wire.getBuffer(pos + 34, pos + 34 + length);
    return new CameraFrame(jpeg, seq, ts, width, height, fps, statusFrame);
  }

  @Override
  public CameraFrame transform(CameraFrame frame) {
    return frame;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
