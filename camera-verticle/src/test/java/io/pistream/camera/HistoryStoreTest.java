package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

  private static final long T0 = 1_796_342_400_000L;

  @TempDir
  Path dir;

  @Test
  void picturesAreFilesNamedByTheirUtcTimeAndNoPartialFileIsLeft() throws IOException {
    HistoryStore store = HistoryStore.open(dir.resolve("cam0"));
    byte[] jpeg = TestJpegs.jpeg(64, 48, 1);

    store.add(T0 + 123, jpeg);

    assertThat(names(dir.resolve("cam0"))).containsExactly("20261204T000000.123Z.jpg");
    assertThat(Files.readAllBytes(dir.resolve("cam0/20261204T000000.123Z.jpg"))).isEqualTo(jpeg);
    assertThat(store.read(T0 + 123)).isEqualTo(jpeg);
    assertThat(store.summary()).isEqualTo(new HistoryStore.Summary(1, jpeg.length, T0 + 123, T0 + 123));
    assertThat(HistoryStore.timestampOf("20261204T000000.123Z.jpg")).isEqualTo(T0 + 123);
    assertThat(HistoryStore.timestampOf("holiday.jpg")).isNull();
  }

  @Test
  void aStoreOpenedAgainIndexesWhatTheDirectoryHolds() throws IOException {
    HistoryStore first = HistoryStore.open(dir);
    first.add(T0, new byte[100]);
    first.add(T0 + 60_000, new byte[200]);
    first.add(T0 + 120_000, new byte[300]);
    // what a crash mid-write and a user leave behind
    Files.write(dir.resolve(HistoryStore.fileName(T0 + 180_000) + ".partial"), new byte[50]);
    Files.write(dir.resolve(HistoryStore.fileName(T0 + 240_000)), new byte[0]);
    Files.write(dir.resolve("notes.txt"), new byte[10]);

    HistoryStore again = HistoryStore.open(dir);

    assertThat(again.all()).containsExactly(new StoredPicture(T0, 100), new StoredPicture(T0 + 60_000, 200),
        new StoredPicture(T0 + 120_000, 300));
    assertThat(again.summary()).isEqualTo(new HistoryStore.Summary(3, 600, T0, T0 + 120_000));
    assertThat(names(dir)).containsExactlyInAnyOrder(HistoryStore.fileName(T0), HistoryStore.fileName(T0 + 60_000),
        HistoryStore.fileName(T0 + 120_000), "notes.txt");
    assertThat(HistoryStore.count(dir)).isEqualTo(3);
  }

  @Test
  void nearestBetweenAndDelete() throws IOException {
    HistoryStore store = HistoryStore.open(dir);
    for (int i = 0; i < 5; i++) {
      store.add(T0 + i * 600_000L, new byte[10 + i]);
    }

    assertThat(store.nearest(T0 + 200_000).ts()).isEqualTo(T0);
    assertThat(store.nearest(T0 + 400_000).ts()).isEqualTo(T0 + 600_000);
    assertThat(store.nearest(T0 + 300_000).ts()).as("the earlier of two as near").isEqualTo(T0);
    assertThat(store.nearest(0).ts()).isEqualTo(T0);
    assertThat(store.nearest(Long.MAX_VALUE).ts()).isEqualTo(T0 + 2_400_000);
    assertThat(store.between(T0 + 600_000, T0 + 1_800_000)).extracting(StoredPicture::ts)
        .containsExactly(T0 + 600_000, T0 + 1_200_000, T0 + 1_800_000);

    store.delete(List.of(new StoredPicture(T0, 10), new StoredPicture(T0 + 600_000, 11)));

    assertThat(store.summary()).isEqualTo(new HistoryStore.Summary(3, 12 + 13 + 14, T0 + 1_200_000, T0 + 2_400_000));
    assertThat(names(dir)).hasSize(3);
    assertThatThrownBy(() -> store.read(T0)).isInstanceOf(NoSuchFileException.class);
    assertThat(HistoryStore.open(dir).summary()).isEqualTo(store.summary());
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }
}
