package io.pistream.mqtt;

import static io.pistream.mqtt.MqttVerticleTest.await;
import static io.pistream.mqtt.MqttVerticleTest.config;
import static io.pistream.mqtt.MqttVerticleTest.deploy;
import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Credentials and TLS to a real Mosquitto broker that requires them. */
@ExtendWith(VertxExtension.class)
class BrokerLoginAndTlsTest {

  static final String USER = "pistream";
  static final String PASSWORD = "correct-horse-battery";
  static final String WRONG = "wrong-password-4711";

  @TempDir
  Path dir;

  MosquittoBroker broker;

  @AfterEach
  void stop(Vertx vertx) {
    await(vertx.close());
    if (broker != null) {
      broker.close();
    }
  }

  MqttClientOptions login() {
    return new MqttClientOptions().setUsername(USER).setPassword(PASSWORD);
  }

  @Test
  void logsInWithThePasswordFile(Vertx vertx) throws Exception {
    broker = MosquittoBroker.in(dir).login(USER, PASSWORD).start();
    Path passwordFile = Files.writeString(dir.resolve("mqtt-password"), PASSWORD + "\n");
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port(), login()));
    deploy(vertx, config(broker.port(), new JsonObject().put("username", USER).put("passwordFile", passwordFile.toString())));
    await(probe.next("pistream/node-a/availability", "online"));
  }

  @Test
  void theInlinePasswordWinsOverThePasswordFile(Vertx vertx) throws Exception {
    broker = MosquittoBroker.in(dir).login(USER, PASSWORD).start();
    Path passwordFile = Files.writeString(dir.resolve("mqtt-password"), WRONG);
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port(), login()));
    deploy(vertx, config(broker.port(), new JsonObject().put("username", USER).put("passwordFile", passwordFile.toString())
        .put("password", PASSWORD)));
    await(probe.next("pistream/node-a/availability", "online"));
  }

  @Test
  void aWrongPasswordIsRefusedWithAClearLogLineThatHoldsNoPassword(Vertx vertx) throws Exception {
    broker = MosquittoBroker.in(dir).login(USER, PASSWORD).start();
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port(), login()));
    try (LogCapture log = new LogCapture(BrokerConnection.class)) {
      deploy(vertx, config(broker.port(), new JsonObject().put("username", USER).put("password", WRONG)));
      List<String> lines = Eventually.within(Duration.ofSeconds(20)).blockingUntil("the refusal logged", log::lines,
          logged -> logged.stream().anyMatch(line -> line.contains("refused the login of user 'pistream'")));
      assertThat(lines).anyMatch(line -> line.startsWith("ERROR") && line.contains("wrong user name or password"));
      assertThat(lines).noneMatch(line -> line.contains(WRONG));
    }
    assertThat(probe.all()).noneMatch(m -> m.topic().startsWith("pistream/"));
  }

  @Test
  void anonymousIsRefusedByABrokerThatRequiresALogin(Vertx vertx) {
    broker = MosquittoBroker.in(dir).login(USER, PASSWORD).start();
    try (LogCapture log = new LogCapture(BrokerConnection.class)) {
      deploy(vertx, config(broker.port(), new JsonObject()));
      Eventually.within(Duration.ofSeconds(20)).blockingUntil("the refusal logged", log::lines,
          logged -> logged.stream().anyMatch(line -> line.contains("refused a client without login")
              && line.contains("set mqtt.username and mqtt.passwordFile")));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void connectsOverTlsTrustingTheCaFile(Vertx vertx) {
    TestCertificates certificates = TestCertificates.make(dir);
    broker = MosquittoBroker.in(dir).tls(certificates.certFile(), certificates.keyFile()).start();
    MqttProbe probe = await(MqttProbe.connect(vertx, broker.port(), new MqttClientOptions().setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(certificates.certFile().toString()))));
    deploy(vertx, config(broker.port(), new JsonObject().put("tls", true).put("caFile", certificates.certFile().toString())));
    await(probe.next("pistream/node-a/availability", "online"));
  }

  @Test
  void withoutTheCaFileTheBrokersCertificateIsNotTrusted(Vertx vertx) throws Exception {
    TestCertificates certificates = TestCertificates.make(dir);
    broker = MosquittoBroker.in(dir).tls(certificates.certFile(), certificates.keyFile()).start();
    try (LogCapture log = new LogCapture(BrokerConnection.class)) {
      deploy(vertx, config(broker.port(), new JsonObject().put("tls", true)));
      Eventually.within(Duration.ofSeconds(20)).blockingUntil("the handshake failure logged", log::lines,
          logged -> logged.stream().anyMatch(line -> line.contains("failed the TLS handshake") && line.contains("mqtt.caFile")));
    }
  }
}
