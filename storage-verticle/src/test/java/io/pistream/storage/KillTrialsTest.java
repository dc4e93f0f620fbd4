package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage killed with SIGKILL at random moments, with the default settings, leaves a database that
 * opens intact, has what was acknowledged a flush window before the kill and rollups equal to its raw
 * rows. {@code scripts/kill-trials.sh} runs the same trials with many more kills.
 */
class KillTrialsTest {

  private static final Logger log = LoggerFactory.getLogger(KillTrialsTest.class);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void killedStorageLeavesAnIntactDatabaseWithRollupsMatchingItsRows() throws Exception {
    long seed = System.nanoTime();
    KillTrials trials = new KillTrials(dir, seed);
    try {
      trials.whileFeeding(5, new JsonObject(), 1500, 5000);
      trials.whilePruning(2);
      trials.duringMigration(2);
    } finally {
      log.info("kill trials, seed {}:\n{}", seed, String.join("\n", trials.report()));
    }
    assertThat(trials.report()).hasSize(9);
  }
}
