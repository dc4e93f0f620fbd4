package io.pistream.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool's files, read back the way a restarted node reads them. */
class ReadingSpoolTest {

  @TempDir
  Path root;

  @Test
  void nothingIsCreatedOnDiskUntilTheFirstAppend() throws IOException {
    Path dir = root.resolve("sensor-spool-n");
    ReadingSpool spool = ReadingSpool.open(dir, "n", 1000);

    assertThat(spool.size()).isZero();
    assertThat(spool.peek(10)).isNull();
    spool.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void whenFullTheOldestReadingsAreDroppedAndCountedAcrossAppendsAndRestarts() throws IOException {
    Path dir = root.resolve("sensor-spool-n");
    // A bound of 100 makes segments of 10 readings, so the oldest go ten at a time.
    ReadingSpool spool = ReadingSpool.open(dir, "n", 100);
    spool.append(readings(1, 60));
    assertThat(spool.append(readings(61, 125))).isEqualTo(30);

    assertThat(spool.size()).isEqualTo(95);
    assertThat(spool.dropped()).isEqualTo(30);
    spool.close();

    ReadingSpool reopened = ReadingSpool.open(dir, "n", 100);
    assertThat(reopened.size()).isEqualTo(95);
    assertThat(drain(reopened)).containsExactlyElementsOf(LongStream.rangeClosed(31, 125).boxed().toList());
    assertThat(reopened.size()).isZero();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("acknowledged segments are deleted").isEmpty();
    }
  }

  @Test
  void readingsAppendedWhileTheOldestAreBeingSentFollowThemInOrder() throws IOException {
    ReadingSpool spool = ReadingSpool.open(root.resolve("sensor-spool-n"), "n", 1000);
    spool.append(readings(1, 3));
    ReadingSpool.Batch first = spool.peek(2);
    spool.append(readings(4, 5));
    spool.acknowledge(first);

    assertThat(first.readings()).extracting(Reading::ts).containsExactly(1L, 2L);
    assertThat(drain(spool)).containsExactly(3L, 4L, 5L);
  }

  @Test
  void aTornLastLineIsSkippedAndANewRunAppendsToANewSegment() throws IOException {
    Path dir = Files.createDirectories(root.resolve("sensor-spool-n"));
    Files.writeString(dir.resolve("readings-000000000007.jsonl"), "[\"a\",1,20.0,50.0]\n[\"a\",2,20.0,50.0]\n[\"a\",3,2");

    ReadingSpool spool = ReadingSpool.open(dir, "n", 1000);
    spool.append(readings(10, 10));

    assertThat(spool.size()).isEqualTo(3);
    assertThat(dir.resolve("readings-000000000008.jsonl")).exists();
    assertThat(drain(spool)).containsExactly(1L, 2L, 10L);
  }

  @Test
  void aDamagedFileIsMovedAsideAndTheOthersAreKept() throws IOException {
    Path dir = Files.createDirectories(root.resolve("sensor-spool-n"));
    Files.writeString(dir.resolve("readings-000000000001.jsonl"), "[\"a\",1,20.0,50.0]\n{\"not\":\"a reading\"}\n[\"a\",2,20.0,50.0]\n");
    Files.writeString(dir.resolve("readings-000000000002.jsonl"), "[\"a\",5,20.0,50.0]\n");

    ReadingSpool spool = ReadingSpool.open(dir, "n", 1000);

    assertThat(dir.resolve("readings-000000000001.jsonl.corrupt")).exists();
    assertThat(dir.resolve("readings-000000000001.jsonl")).doesNotExist();
    assertThat(drain(spool)).containsExactly(5L);
  }

  private static List<Long> drain(ReadingSpool spool) throws IOException {
    List<Long> ts = new ArrayList<>();
    for (ReadingSpool.Batch batch = spool.peek(7); batch != null; batch = spool.peek(7)) {
      batch.readings().forEach(r -> ts.add(r.ts()));
      spool.acknowledge(batch);
    }
    return ts;
  }

  private static List<Reading> readings(long fromTs, long toTs) {
    return LongStream.rangeClosed(fromTs, toTs).mapToObj(ts -> new Reading("n", "ceiling", ts, 21.5, 40)).toList();
  }
}
