package io.pistream.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to the broker: connects in the background, with the node's availability topic as its
 * last will ("offline", retained), reconnects with a doubling backoff whenever the connection fails or is
 * lost, and tells {@code onConnected} each time it is up so that everything retained is published again
 * (a restarted broker without persistence has forgotten it). Logs a problem once when it starts or
 * changes, and the recovery, not every attempt. Runs on the verticle's event loop.
 */
final class BrokerConnection {

  private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
  private static final long FIRST_RETRY_MS = 1000;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final long OFFLINE_ACK_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final MqttSettings settings;
  private final MqttTopics topics;
  private final MqttClientOptions options;
  private final Runnable onConnected;
  private final Backoff backoff;
  private MqttClient client;
  private boolean connected;
  private boolean stopping;
  private long retryTimer = -1;
  private int failedAttempts;
  private String reportedProblem;
  private Promise<Void> offlineAcked;
  private int offlinePacketId = -1;

  BrokerConnection(Vertx vertx, MqttSettings settings, BrokerFiles files, MqttTopics topics, Runnable onConnected) {
    this.vertx = vertx;
    this.settings = settings;
    this.topics = topics;
    this.onConnected = onConnected;
    this.backoff = new Backoff(FIRST_RETRY_MS, TimeUnit.SECONDS.toMillis(settings.reconnectMaxSeconds()));
    this.options = options(settings, files, topics);
  }

  private static MqttClientOptions options(MqttSettings settings, BrokerFiles files, MqttTopics topics) {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(settings.clientId())
        .setCleanSession(true)
        .setKeepAliveInterval(settings.keepAliveSeconds())
        .setWillFlag(true)
        .setWillTopic(topics.availability())
        .setWillMessageBytes(Buffer.buffer(MqttTopics.OFFLINE))
        .setWillQoS(MqttQoS.AT_LEAST_ONCE.value())
        .setWillRetain(true)
        // A reconnect publishes every discovery config and state at once; the default of 10 unacknowledged
        // messages would refuse part of them on a node with a few sensors.
        .setMaxInflightQueue(1000);
    options.setConnectTimeout(CONNECT_TIMEOUT_MS);
    if (settings.hasLogin()) {
      options.setUsername(settings.username());
      if (!files.password().isEmpty()) {
        options.setPassword(files.password());
      }
    }
    if (settings.tls()) {
      options.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
      if (files.caCertificates() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertValue(files.caCertificates()));
      }
    }
    return options;
  }

  void start() {
    attempt();
  }

  boolean connected() {
    return connected;
  }

  /** Publishes now if connected; otherwise does nothing, since {@code onConnected} publishes the latest of everything. */
  void publish(String topic, Buffer payload, MqttQoS qos) {
    if (!connected) {
      return;
    }
    client.publish(topic, payload, qos, false, true).onFailure(failure -> {
      if (connected) {
        log.warn("MQTT publish on {} failed: {}", topic, failure.toString());
      }
    });
  }

  /** Publishes "offline", waits (briefly) for the broker to acknowledge it, then disconnects cleanly. */
  Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(retryTimer);
    MqttClient current = client;
    if (current == null) {
      return Future.succeededFuture();
    }
    if (!connected) {
      // An attempt still running disconnects itself when it completes (see attempt()).
      return Future.succeededFuture();
    }
    offlineAcked = Promise.promise();
    return current.publish(topics.availability(), Buffer.buffer(MqttTopics.OFFLINE), MqttQoS.AT_LEAST_ONCE, false, true)
        .compose(packetId -> {
          offlinePacketId = packetId;
          return offlineAcked.future().timeout(OFFLINE_ACK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        })
        .recover(failure -> {
          log.warn("MQTT: the broker did not acknowledge 'offline' at stop ({}); disconnecting anyway", failure.toString());
          return Future.succeededFuture();
        })
        .compose(v -> {
          connected = false;
          return current.disconnect();
        })
        .onSuccess(v -> log.info("MQTT disconnected from {}", settings.broker()))
        .recover(failure -> Future.succeededFuture());
  }

  private void attempt() {
    retryTimer = -1;
    if (stopping) {
      return;
    }
    MqttClient attempt = MqttClient.create(vertx, options);
    client = attempt;
    attempt.closeHandler(v -> {
      if (attempt == client && connected) {
        lost();
      }
    });
    attempt.publishCompletionHandler(packetId -> {
      if (offlineAcked != null && packetId == offlinePacketId) {
        offlineAcked.tryComplete();
      }
    });
    Future<?> connecting = settings.tls() ? attempt.connect(settings.port(), settings.host(), settings.host())
        : attempt.connect(settings.port(), settings.host());
    connecting.onComplete(done -> {
      if (stopping) {
        if (done.succeeded()) {
          attempt.disconnect();
        }
        return;
      }
      if (done.succeeded()) {
        established();
      } else {
        attemptFailed(done.cause());
      }
    });
  }

  private void established() {
    connected = true;
    if (reportedProblem != null) {
      log.info("MQTT connected to {} again{}", settings.broker(), failedAttempts == 0 ? "" : ", after " + failedAttempts + " failed attempt(s)");
    } else {
      log.info("MQTT connected to {} as client {}", settings.broker(), settings.clientId());
    }
    failedAttempts = 0;
    reportedProblem = null;
    backoff.reset();
    onConnected.run();
  }

  private void lost() {
    connected = false;
    reportedProblem = "connection lost";
    log.warn("MQTT connection to {} lost; reconnecting, retrying with backoff up to {} s", settings.broker(),
        settings.reconnectMaxSeconds());
    schedule();
  }

  private void attemptFailed(Throwable cause) {
    failedAttempts++;
    String problem = describe(cause);
    if (!problem.equals(reportedProblem)) {
      reportedProblem = problem;
      if (cause instanceof MqttConnectionException) {
        log.error("MQTT broker {} {}; retrying with backoff up to {} s", settings.broker(), problem, settings.reconnectMaxSeconds());
      } else {
        log.warn("MQTT broker {} {}; retrying with backoff up to {} s", settings.broker(), problem, settings.reconnectMaxSeconds());
      }
    }
    schedule();
  }

  private void schedule() {
    retryTimer = vertx.setTimer(backoff.next(), id -> attempt());
  }

  /** One line saying what went wrong and what to check; never the password. */
  private String describe(Throwable cause) {
    if (cause instanceof MqttConnectionException refused) {
      MqttConnectReturnCode code = refused.code();
      return switch (code) {
        case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, CONNECTION_REFUSED_NOT_AUTHORIZED,
            CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD, CONNECTION_REFUSED_NOT_AUTHORIZED_5 -> settings.hasLogin()
            ? "refused the login of user '" + settings.username() + "': wrong user name or password (" + code
                + "); check mqtt.username and mqtt.passwordFile"
            : "refused a client without login (" + code + "): set mqtt.username and mqtt.passwordFile";
        case CONNECTION_REFUSED_IDENTIFIER_REJECTED, CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID ->
            "refused the client id '" + settings.clientId() + "' (" + code + "); set mqtt.clientId";
        default -> "refused the connection (" + code + ")";
      };
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return "failed the TLS handshake: " + innermost(t).getMessage() + " (check mqtt.caFile, and that the broker's certificate names "
            + settings.host() + ")";
      }
      if (t instanceof ConnectException) {
        return "is not reachable: " + t.getMessage();
      }
    }
    return "failed: " + cause;
  }

  /** The root cause, which names the real problem ("unable to find valid certification path") under Netty's wrapping. */
  private static Throwable innermost(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
