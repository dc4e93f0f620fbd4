package io.pistream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CameraFrameCodecTest {

  private static final CameraFrame FRAME =
      new CameraFrame(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9}),
          42, 1_700_000_000_123L, 1920, 1080, 24, true);

  @Test
  void aLocalConsumerGetsTheSameFrameWithoutACopy(Vertx vertx, VertxTestContext ctx) {
    CameraFrameCodec.registerOn(vertx.eventBus());
    CameraFrameCodec.registerOn(vertx.eventBus());
    vertx.eventBus().<CameraFrame>consumer("frames", message -> ctx.verify(() -> {
      assertThat(message.body()).isSameAs(FRAME);
      assertThat(message.body().jpeg()).isSameAs(FRAME.jpeg());
      ctx.completeNow();
    })).completion().onSuccess(v -> vertx.eventBus().publish("frames", FRAME));
  }

  @Test
  void theWireFormKeepsEveryField() {
    CameraFrameCodec codec = new CameraFrameCodec();
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, FRAME);
    CameraFrame decoded = codec.decodeFromWire("prefix".length(), wire);
    assertThat(decoded).isEqualTo(FRAME);
    assertThat(decoded.jpeg()).isNotSameAs(FRAME.jpeg());
  }

  @Test
  void aFrameOfAnotherWireVersionIsRefusedByName() {
    Buffer wire = Buffer.buffer();
    new CameraFrameCodec().encodeToWire(wire, FRAME);
    wire.setByte(0, (byte) 9);
    assertThatThrownBy(() -> new CameraFrameCodec().decodeFromWire(0, wire))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wire version 9");
  }
}
