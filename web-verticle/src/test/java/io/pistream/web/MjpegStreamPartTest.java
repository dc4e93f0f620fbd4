package io.pistream.web;

import static io.pistream.web.CameraStreamTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MjpegStreamPartTest {

  @Test
  void aPartIsHeadersJpegAndAtOnceTheNextBoundaryLine() {
    Buffer jpeg = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});

    MjpegStreamPart part = MjpegStreamPart.build(jpeg, 1_700_000_000_123L);

    try {
      Buffer bytes = part.bytes();
      String head = "Content-Type: image/jpeg\r\n"
          + "Content-Length: 7\r\n"
          + "X-Timestamp: 1700000000.123000\r\n"
          + "\r\n";
      String tail = "\r\n--pistreamframe\r\n";
      assertThat(bytes.getString(0, head.length(), StandardCharsets.US_ASCII.name())).isEqualTo(head);
      assertThat(bytes.getBuffer(head.length(), head.length() + 7)).isEqualTo(jpeg);
      assertThat(bytes.getString(head.length() + 7, bytes.length())).isEqualTo(tail);
      assertThat(part.length()).isEqualTo(head.length() + 7 + tail.length());
    } finally {
      part.release();
    }
    assertThat(part.referenceCount()).isZero();
  }

  @Test
  void aStreamOpensWithTheBoundaryLineSoEveryPartFollowsOne() {
    assertThat(MjpegStreamPart.opening().toString(StandardCharsets.US_ASCII)).isEqualTo("--pistreamframe\r\n");
  }

  @Test
  void timestampsAreSecondsWithSixDigitsOfMicroseconds() {
    assertThat(MjpegStreamPart.timestamp(5L)).isEqualTo("0.005000");
    assertThat(MjpegStreamPart.timestamp(1_000L)).isEqualTo("1.000000");
    assertThat(MjpegStreamPart.timestamp(1_700_000_000_999L)).isEqualTo("1700000000.999000");
  }

  @Test
  void theContentTypeNamesTheBoundary() {
    assertThat(MjpegStreamPart.CONTENT_TYPE).isEqualTo("multipart/x-mixed-replace; boundary=" + MjpegStreamPart.BOUNDARY);
  }

  @Test
  void everyWriteGivesItsReferenceBackWhenItIsDone(Vertx vertx) {
    MjpegStreamPart part = MjpegStreamPart.build(Buffer.buffer(new byte[64 * 1024]), 1L);
    Promise<List<Integer>> countsAfterWrites = Promise.promise();
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true);
      Future<Void> first = part.writeTo(response);
      Future<Void> second = part.writeTo(response);
      int whileWriting = part.referenceCount();
      Future.all(first, second).onComplete(done -> {
        countsAfterWrites.complete(List.of(whileWriting, part.referenceCount()));
        response.end();
      });
    }).listen(0, "127.0.0.1"));

    Buffer body = await(vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send())
        .compose(response -> response.body()));

    List<Integer> counts = await(countsAfterWrites.future());
    assertThat(body.length()).isEqualTo(2 * part.length());
    assertThat(counts.get(0)).as("builder + two writes in flight").isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(3);
    assertThat(counts.get(1)).as("only the builder's reference is left").isEqualTo(1);
    part.release();
    assertThat(part.referenceCount()).isZero();
  }

  @Test
  void writesPendingWhenAStalledViewerIsDisconnectedGiveTheirReferencesBack(Vertx vertx) throws IOException {
    MjpegStreamPart part = MjpegStreamPart.build(Buffer.buffer(new byte[256 * 1024]), 1L);
    Promise<Integer> countWhileStuck = Promise.promise();
    Promise<Integer> countAfterDisconnect = Promise.promise();
    HttpServer server = await(vertx.createHttpServer().requestHandler(request -> {
      HttpServerResponse response = request.response().setChunked(true).setWriteQueueMaxSize(64 * 1024);
      ViewerConnection viewer = new ViewerConnection(1, response, request.connection(), "test", "", 0, 24);
      List<Future<Void>> writes = new ArrayList<>();
      // the client never reads, so once the socket buffers are full these writes wait in the queue
      vertx.setPeriodic(20, timer -> {
        if (response.writeQueueFull()) {
          vertx.cancelTimer(timer);
          countWhileStuck.complete(part.referenceCount());
          Future.join(writes).onComplete(done -> countAfterDisconnect.complete(part.referenceCount()));
          viewer.disconnect();
        } else {
          for (int i = 0; i < 8; i++) {
            writes.add(part.writeTo(response));
          }
        }
      });
    }).listen(0, "127.0.0.1"));

    try (Socket reader = CameraStreamTesting.nonReadingViewer(server.actualPort(), "/")) {
      assertThat(await(countWhileStuck.future())).as("queued writes hold the part").isGreaterThan(1);
      assertThat(await(countAfterDisconnect.future())).as("the failed writes gave it back").isEqualTo(1);
      assertThat(reader.getInputStream().skip(Long.MAX_VALUE)).as("the socket was closed, not left open").isPositive();
    }
    part.release();
    assertThat(part.referenceCount()).isZero();
  }
}
