package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.SyncDigest.Bucket;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestBucketsTest {

  private static final long H = 3_600_000L;
  private static final long SINCE = 1_000 * H;

  @Test
  void hoursAreSummedIntoBucketsAlignedOnTheWindowStart() {
    List<Bucket> hours = List.of(new Bucket(SINCE, 10, 1, 2), new Bucket(SINCE + 23 * H, 5, 3, 4), new Bucket(SINCE + 24 * H, 7, 5, 6));
    assertThat(DigestBuckets.regroup(hours, SINCE, 24 * H))
        .containsExactly(new Bucket(SINCE, 15, 4, 6), new Bucket(SINCE + 24 * H, 7, 5, 6));
    assertThat(DigestBuckets.regroup(hours, SINCE, 100 * H)).containsExactly(new Bucket(SINCE, 22, 9, 12));
  }

  @Test
  void aBucketDiffersWhenItsDigestDiffersOrOneSideLacksIt() {
    List<Bucket> mine = List.of(new Bucket(SINCE, 10, 1, 2), new Bucket(SINCE + H, 5, 3, 4), new Bucket(SINCE + 3 * H, 1, 1, 1));
    List<Bucket> theirs = List.of(new Bucket(SINCE, 10, 1, 2), new Bucket(SINCE + H, 5, 3, 5), new Bucket(SINCE + 2 * H, 1, 1, 1));
    assertThat(DigestBuckets.differing(mine, theirs)).containsExactly(SINCE + H, SINCE + 2 * H, SINCE + 3 * H);
    assertThat(DigestBuckets.differing(mine, mine)).isEmpty();
  }
}
