package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes of one JVM joined over Hazelcast on 127.0.0.1, their event bus over TLS with one shared certificate. */
class ClusterTlsTest {

  private Vertx first;
  private Vertx second;

  @AfterEach
  void leave() {
    for (Vertx node : new Vertx[] {first, second}) {
      if (node != null) {
        node.close().toCompletionStage().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @Test
  void messagesCrossTheClusterOverTlsAndAPlainConnectionIsDropped() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("pistream-cluster");
    ClusterTls tls = new ClusterTls(certificate.certificatePath(), certificate.privateKeyPath(), "");
    int hzFirst = freePort();
    int hzSecond = freePort();
    int busSecond = freePort();
    List<String> members = List.of("127.0.0.1:" + hzFirst, "127.0.0.1:" + hzSecond);
    Path xml = Path.of("conf", "cluster.xml");
    second = PistreamNode.clustered(new ClusterSettings(true, xml, "127.0.0.1", hzSecond, members, busSecond, tls));
    second.eventBus().<JsonObject>consumer("test.tls.echo", message -> message.reply(message.body().put("echoed", true)))
        .completion().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    first = PistreamNode.clustered(new ClusterSettings(true, xml, "127.0.0.1", hzFirst, members, freePort(), tls));

    JsonObject reply = first.eventBus().<JsonObject>request("test.tls.echo", new JsonObject().put("n", 1))
        .toCompletionStage().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join().body();
    assertThat(reply).isEqualTo(new JsonObject().put("n", 1).put("echoed", true));

    // A stranger on the LAN speaking plain TCP to the event-bus port is cut off, never heard.
    Promise<Void> closed = Promise.promise();
    NetSocket stranger = first.createNetClient().connect(busSecond, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    stranger.closeHandler(v -> closed.tryComplete());
    stranger.write(Buffer.buffer(new byte[] {0, 0, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
    closed.future().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(closed.future().succeeded()).isTrue();
  }

  @Test
  void halfATlsSetupNamesTheMissingFile() {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("tls", new JsonObject().put("certFile", "/etc/pistream/cluster.pem")));
    assertThatThrownBy(() -> ClusterSettings.from(config, true))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("cluster.tls.keyFile is empty");
  }
}
