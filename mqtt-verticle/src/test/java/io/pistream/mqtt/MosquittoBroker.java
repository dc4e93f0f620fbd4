package io.pistream.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for one test: Debian's {@code /usr/sbin/mosquitto} with a generated config in
 * the test's temporary directory, listening on a free 127.0.0.1 port, anonymous or with a password file
 * made by {@code mosquitto_passwd}, plain or TLS. Missing Mosquitto fails the test with what to install:
 * these tests must not pass by skipping.
 */
final class MosquittoBroker implements AutoCloseable {

  static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  private static final long START_PATIENCE_MS = 15_000;

  private final Path dir;
  private final int port;
  private final List<String> config;
  private Process process;

  private MosquittoBroker(Path dir, List<String> config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  /** A builder of the broker's config; {@link Builder#start()} starts it. */
  static Builder in(Path dir) {
    if (!Files.isExecutable(MOSQUITTO)) {
      throw new AssertionError(MOSQUITTO + " is missing: install Debian's mosquitto package (scripts/install-tools.sh test"
          + " does, or: apt-get install mosquitto); the MQTT tests need a real broker");
    }
    return new Builder(dir);
  }

  static final class Builder {

    private final Path dir;
    private String passwordFile;
    private Path certFile;
    private Path keyFile;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Only this user, with this password, may connect. */
    Builder login(String user, String password) {
      Path file = dir.resolve("passwd");
      run(List.of("mosquitto_passwd", "-c", "-b", file.toString(), user, password));
      passwordFile = file.toString();
      return this;
    }

    /** The listener speaks TLS with this certificate and key (PEM). */
    Builder tls(Path certFile, Path keyFile) {
      this.certFile = certFile;
      this.keyFile = keyFile;
      return this;
    }

    MosquittoBroker start() {
      int port = freePort();
      List<String> lines = new ArrayList<>();
      lines.add("per_listener_settings true");
      // Started as root, mosquitto would switch to the user "mosquitto", who cannot read the test's directory.
      lines.add("user " + System.getProperty("user.name"));
      lines.add("persistence false");
      lines.add("log_dest stdout");
      lines.add("log_type error");
      lines.add("log_type warning");
      lines.add("log_type notice");
      lines.add("log_type information");
      lines.add("connection_messages true");
      lines.add("listener " + port + " 127.0.0.1");
      if (passwordFile == null) {
        lines.add("allow_anonymous true");
      } else {
        lines.add("allow_anonymous false");
        lines.add("password_file " + passwordFile);
      }
      if (certFile != null) {
        lines.add("certfile " + certFile);
        lines.add("keyfile " + keyFile);
      }
      MosquittoBroker broker = new MosquittoBroker(dir, lines, port);
      broker.launch();
      return broker;
    }
  }

  int port() {
    return port;
  }

  /** The broker's own log so far, for a failing test's message. */
  String log() {
    try {
      Path log = dir.resolve("mosquitto.log");
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the broker (SIGTERM) and starts it again on the same port, its retained messages forgotten. */
  void restart() {
    stop();
    launch();
  }

  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping mosquitto", e);
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() {
    try {
      Path conf = dir.resolve("mosquitto.conf");
      Files.write(conf, config, StandardCharsets.UTF_8);
      process = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + MOSQUITTO, e);
    }
    awaitListening();
  }

  /** Waits for the listener: a TCP connect that succeeds (mosquitto drops it, which is fine). */
  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_PATIENCE_MS);
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("mosquitto exited with " + process.exitValue() + " at start:\n" + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("mosquitto did not listen on 127.0.0.1:" + port + " within " + START_PATIENCE_MS + " ms:\n" + log());
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a helper tool (mosquitto_passwd, openssl) and fails with its output if it fails. */
  static void run(List<String> command) {
    try {
      Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        throw new AssertionError(command.get(0) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new AssertionError(command.get(0) + " is missing: install Debian's mosquitto and openssl packages (scripts/install-tools.sh test)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
