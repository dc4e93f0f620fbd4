package io.pistream.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pistream node in a JVM of its own, started as {@code ./pistream run --cluster} would (the Pi's JVM
 * flags from conf/jvm.options, the test classpath instead of the fat jar), logging to a file.
 */
final class NodeProcess {

  final String id;
  final Path config;
  final Path log;
  private Process process;

  NodeProcess(String id, Path config, Path log) {
    this.id = id;
    this.config = config;
    this.log = log;
  }

  NodeProcess start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PistreamLauncher.class.getName());
    command.add("--config");
    command.add(config.toString());
    command.add("--cluster");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("PISTREAM_"));
    process = builder.start();
    return this;
  }

  /** SIGTERM, as systemd stops it: the node shuts down cleanly; waits until it is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  /** kill -9: no shutdown hook runs, the node just vanishes from the network. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  static List<String> jvmOptions() throws IOException {
    List<String> options = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("conf", "jvm.options"))) {
      String flag = line.strip();
      if (!flag.isEmpty() && !flag.startsWith("#")) {
        options.add(flag);
      }
    }
    return options;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
