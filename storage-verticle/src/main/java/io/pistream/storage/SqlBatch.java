package io.pistream.storage;

import java.util.List;

/**
 * One statement and the parameter rows it runs with, as one batch: plain values (Integer, Long,
 * String), so the verticle's Vert.x pool and the bulk loader's JDBC connection execute the same thing.
 */
record SqlBatch(String sql, List<Object[]> rows) {

  boolean isEmpty() {
    return rows.isEmpty();
  }
}
