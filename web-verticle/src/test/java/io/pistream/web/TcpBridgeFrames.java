package io.pistream.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The TCP bridge's framing, as a client speaks it: a 4-byte big-endian length, then that many bytes of JSON. */
final class TcpBridgeFrames {

  /** Hands every frame the socket receives to {@code frames}. */
  static void read(NetSocket socket, Consumer<JsonObject> frames) {
    RecordParser parser = RecordParser.newFixed(4);
    int[] length = {-1};
    parser.handler(chunk -> {
      if (length[0] < 0) {
        length[0] = chunk.getInt(0);
        parser.fixedSizeMode(length[0]);
      } else {
        length[0] = -1;
        parser.fixedSizeMode(4);
        frames.accept(new JsonObject(chunk.toString(StandardCharsets.UTF_8)));
      }
    });
    socket.handler(parser);
  }

  static void write(NetSocket socket, JsonObject frame) {
    byte[] json = frame.encode().getBytes(StandardCharsets.UTF_8);
    socket.write(Buffer.buffer().appendInt(json.length).appendBytes(json));
  }

  private TcpBridgeFrames() {
  }
}
