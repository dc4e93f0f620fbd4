package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryReaderTotalsTest {

  private final long[] totals = new long[7];

  @Test
  void readsEveryAggregateIncludingNegativeAndLargeOnes() {
    boolean filled = HistoryReader.parseTotals("[1800,-2150,-5,-3870000,0,9999,12345678901234]", totals);

    assertThat(filled).isTrue();
    assertThat(totals).containsExactly(1800, -2150, -5, -3_870_000, 0, 9999, 12_345_678_901_234L);
  }

  @Test
  void anEmptyRollupOrRawBucketIsNoPoint() {
    assertThat(HistoryReader.parseTotals("[null,null,null,null,null,null,null]", totals)).isFalse();
    assertThat(HistoryReader.parseTotals("[0,null,null,null,null,null,null]", totals)).isFalse();
    assertThat(HistoryReader.parseTotals(null, totals)).isFalse();
  }

  @Test
  void anythingElseIsRefusedRatherThanMisread() {
    assertThatThrownBy(() -> HistoryReader.parseTotals("[1,2,3]", totals)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> HistoryReader.parseTotals("[1,2,3,4,5,6,7,8]", totals)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HistoryReader.parseTotals("[1,2.5,3,4,5,6,7]", totals)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HistoryReader.parseTotals("[1,2,,4,5,6,7]", totals)).isInstanceOf(IllegalStateException.class);
  }
}
