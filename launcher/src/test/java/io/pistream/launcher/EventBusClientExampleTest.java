package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the documented example client ({@code examples/eventbus-client}, the official Vert.x JavaScript
 * client under Node) against a whole node: it lists the nodes, follows live readings, and is refused a
 * write to storage.
 */
@ExtendWith(VertxExtension.class)
class EventBusClientExampleTest {

  private static final Path EXAMPLE = Path.of("examples", "eventbus-client");

  @TempDir
  Path dataDir;

  private int port;

  private PistreamNode node;

  @BeforeEach
  void startNode(Vertx vertx) throws Exception {
    port = NodeProcess.freePort();
    Map<String, String> env = Map.of(
        "PISTREAM_HTTP_PORT", Integer.toString(port),
        "PISTREAM_STORAGE_DATADIR", dataDir.toString(),
        "PISTREAM_NODE_ID", "example-node",
        "PISTREAM_NODE_ROLES", "storage,sensor,web");
    node = PistreamNode.start(new LaunchOptions(dataDir.resolve("none.yaml"), false, false), env);
  }
  /** The node stops as on SIGTERM: its parts in reverse order, then Vert.x. */
  @AfterEach
  void stopNode() {
    if (node != null) {
      node.stop();
    }
  }


  @Test
  void theExampleClientFollowsReadingsAndIsRefusedAWrite() throws Exception {
    run(List.of("npm", "ci", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"), "npm-ci.log");
    List<String> lines = run(List.of("node", "live-readings.js", "http://127.0.0.1:" + port, "2"), "client.log");

    List<JsonObject> readings = events(lines, "reading ");
    assertThat(readings).hasSizeGreaterThanOrEqualTo(2).allSatisfy(reading -> {
      assertThat(reading.getString("node")).isEqualTo("example-node");
      assertThat(reading.getString("sensor")).isEqualTo("ceiling");
    });
    assertThat(events(lines, "refused ")).singleElement()
        .satisfies(refusal -> assertThat(refusal.getString("error")).isEqualTo("access_denied"));
    assertThat(lines).filteredOn(line -> line.startsWith("nodes ")).singleElement()
        .satisfies(line -> assertThat(new JsonArray(line.substring("nodes ".length())).getJsonObject(0).getString("node"))
            .isEqualTo("example-node"));
    assertThat(lines).anyMatch(line -> line.startsWith("sensors "));
    assertThat(lines).noneMatch(line -> line.startsWith("error ") || line.startsWith("timeout "));
  }

  private List<String> run(List<String> command, String logName) throws IOException, InterruptedException {
    Path log = dataDir.resolve(logName);
    Process process = new ProcessBuilder(command).directory(EXAMPLE.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      List<String> lines = Files.readAllLines(log);
      assertThat(finished).as("%s finished in 120 s; output: %s", command, lines).isTrue();
      assertThat(process.exitValue()).as("%s exit status; output: %s", command, lines).isZero();
      return lines;
    } finally {
      process.destroyForcibly();
    }
  }

  private static List<JsonObject> events(List<String> lines, String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> new JsonObject(line.substring(prefix.length()))).toList();
  }
}
