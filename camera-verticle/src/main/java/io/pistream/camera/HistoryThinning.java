package io.pistream.camera;

import java.util.ArrayList;
import java.util.List;

/**
 * Which history pictures go: everything younger than {@code keepAll} stays; older ones are thinned to the
 * first picture of each clock hour (UTC) up to {@code keepHourly}, and deleted beyond it; then, while
 * what is left is over the size bound, the oldest go. Keeping the first of each hour makes thinning
 * stable: a picture kept once is never thinned away later, only aged out or pushed out by the bound.
 */
final class HistoryThinning {

  static final long HOUR_MS = 3_600_000L;

  /**
   * @param pictures every kept picture, oldest first
   * @param now the history clock's time; pictures from the future (a clock set back) count as new
   * @return the pictures to delete, oldest first
   */
  static List<StoredPicture> toDelete(List<StoredPicture> pictures, long now, HistorySettings settings) {
    List<StoredPicture> deleted = new ArrayList<>();
    List<StoredPicture> kept = new ArrayList<>();
    long keptHour = Long.MIN_VALUE;
    long keptBytes = 0;
    for (StoredPicture picture : pictures) {
      long age = now - picture.ts();
      boolean keep;
      if (age < settings.keepAllMs()) {
        keep = true;
      } else if (age < settings.keepHourlyMs()) {
        long hour = Math.floorDiv(picture.ts(), HOUR_MS);
        keep = hour != keptHour;
        if (keep) {
          keptHour = hour;
        }
      } else {
        keep = false;
      }
      if (keep) {
        kept.add(picture);
        keptBytes += picture.bytes();
      } else {
        deleted.add(picture);
      }
    }
    for (int i = 0; i < kept.size() && keptBytes > settings.maxBytes(); i++) {
      deleted.add(kept.get(i));
      keptBytes -= kept.get(i).bytes();
    }
    deleted.sort((a, b) -> Long.compare(a.ts(), b.ts()));
    return deleted;
  }

  private HistoryThinning() {
  }
}
