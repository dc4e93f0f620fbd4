package io.pistream.storage;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.Reading;
import io.pistream.contracts.SensorInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite database: one writer connection, through which every write goes in order, and a pool of
 * read-only connections for the queries, which WAL lets run while a write is in progress.
 */
final class SqliteReadingStore {

  private static final String WRITER_POOL = "storage-writer";
  private static final String READER_POOL = "storage-readers";

  private static final Logger log = LoggerFactory.getLogger(SqliteReadingStore.class);

  private final Vertx vertx;
  private final StorageConfig config;
  private final DatabaseFileWatch watch;
  private final DataDirLock lock;
  private Pool writer;
  private Pool readers;

  private SqliteReadingStore(Vertx vertx, StorageConfig config, DataDirLock lock) {
    this.vertx = vertx;
    this.config = config;
    this.lock = lock;
    this.watch = new DatabaseFileWatch(config.databaseFile().toAbsolutePath());
    openPools();
  }

  private void openPools() {
    Path file = config.databaseFile();
    writer = JDBCPool.pool(vertx, SqliteValueDecoder.connectOptions(SqliteDatabase.writerUrl(file, config.synchronous())),
        new PoolOptions().setMaxSize(1).setName(WRITER_POOL));
    readers = JDBCPool.pool(vertx, SqliteValueDecoder.connectOptions(SqliteDatabase.readerUrl(file)),
        new PoolOptions().setMaxSize(config.readerPoolSize()).setName(READER_POOL));
  }

  private Future<Void> requirePools() {
    return Future.all(SqliteValueDecoder.requireInUse(writer, WRITER_POOL), SqliteValueDecoder.requireInUse(readers, READER_POOL))
        .mapEmpty();
  }

  /**
   * Creates the data directory, migrates the schema, loads the stored sensors and opens the pools;
   * completes once both pools answered through {@link SqliteValueDecoder}.
   */
  static Future<SqliteReadingStore> open(Vertx vertx, StorageConfig config, SensorRegistry registry, WrittenThrough written) {
    return vertx.executeBlocking(() -> prepare(config)).compose(prepared -> {
      prepared.sensors().forEach(s -> {
        registry.load(s.id(), s.key(), s.name(), s.location());
        written.wrote(s.id(), s.lastTs());
      });
      SqliteReadingStore store = new SqliteReadingStore(vertx, config, prepared.lock());
      return store.requirePools()
          .<SqliteReadingStore>map(all -> store)
          .recover(failure -> store.close().transform(closed -> Future.failedFuture(failure)));
    });
  }

  private record Prepared(DataDirLock lock, List<SqliteDatabase.StoredSensor> sensors) {
  }

  private static Prepared prepare(StorageConfig config) throws SQLException, IOException {
    Path dir = config.dataDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException(config.dataDirPath() + ": cannot create directory '" + dir + "': " + e);
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new ConfigException(config.dataDirPath() + " '" + dir + "' is not a writable directory");
    }
    // Checked before the lock is taken: a refused file leaves the directory as it was.
    DatabaseFileCheck.requireUsable(config.databaseFile(), config.checkAtStart(), config.dataDirPath());
    DataDirLock lock = DataDirLock.tryAcquire(dir);
    if (lock == null) {
      throw new DatabaseFileException(config.dataDirPath() + " '" + dir + "' is in use by another pistream (a server or an import"
          + " holds " + dir.resolve(DataDirLock.FILE) + "); stop it, or set " + config.dataDirPath() + " to another directory");
    }
    try {
      try (Connection connection = SqliteDatabase.openMigrated(config.databaseFile(), config.synchronous())) {
        return new Prepared(lock, SqliteDatabase.storedSensors(connection));
      }
    } catch (SQLException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Sets {@code PRAGMA max_page_count} on the writer connection, for tests that fill the disk: a value
   * below the file's size sets it to the size, so that the next write needing a new page fails with
   * SQLITE_FULL; a larger one gives the space back.
   *
   * @return the limit now in force
   */
  Future<Long> limitPages(long maxPageCount) {
    return writer.query("PRAGMA max_page_count = " + maxPageCount).execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Pool readers() {
    return readers;
  }

  /**
   * Writes one batch in one transaction: the sensors it introduces, the raw rows, and for the rows that
   * were really inserted (not duplicates) their rollups and the sensors' first/last reading.
   *
   * @return how many readings were inserted
   */
  Future<Long> write(ReadingBatch batch, List<SensorRegistry.Sensor> newSensors) {
    return sameFile().compose(v -> transaction(batch, newSensors));
  }

  private Future<Long> transaction(ReadingBatch batch, List<SensorRegistry.Sensor> newSensors) {
    // BEGIN and COMMIT as SQL, the JDBC connection left in auto-commit: when SQLite rolls a transaction
    // back by itself (SQLITE_FULL), a JDBC-managed transaction leaves the driver believing one is still
    // open, and every later write on the connection fails with "no transaction is active".
    return writer.withConnection(connection -> connection.query("BEGIN IMMEDIATE").execute()
        .compose(begun -> execute(connection, ReadingSql.newSensors(newSensors)))
        .compose(v -> execute(connection, ReadingSql.raw(batch)))
        .compose(rawCounts -> {
          ReadingSql.Derived derived = ReadingSql.derived(batch, rawCounts);
          Future<int[]> chain = Future.succeededFuture();
          for (SqlBatch statement : derived.statements()) {
            chain = chain.compose(v -> execute(connection, statement));
          }
          return chain.map(v -> derived.inserted());
        })
        .compose(inserted -> connection.query("COMMIT").execute().map(inserted))
        .recover(failure -> connection.query("ROLLBACK").execute()
            // Already rolled back by SQLite itself: nothing to undo, and the write's own failure is what counts.
            .transform(rolledBack -> Future.<Long>failedFuture(failure))));
  }

  /**
   * Succeeds when the path still holds the file the pools opened; copies the open database back when
   * the file was deleted; fails while another file is in its place, until the one opened is put back.
   */
  private Future<Void> sameFile() {
    return switch (watch.state()) {
      case SAME -> Future.succeededFuture();
      case REPLACED -> Future.failedFuture(new DatabaseFileException("database file replaced: " + watch.file()
          + " is no longer the file storage opened; storage keeps the readings and writes nothing until that file"
          + " is back at its path, or until a restart opens the new one"));
      case GONE -> restore();
    };
  }

  /**
   * The deleted file is still open here: {@code VACUUM INTO} writes a copy of it, the last commit
   * included, to the path, and new pools open the copy; only writes that happened between the deletion
   * and this write (a rename of the name, a sensor's label) can be missing.
   */
  private Future<Void> restore() {
    Path file = watch.file();
    log.warn("database file {} was deleted while storage ran; copying the open database back to it", file);
    return vertx.executeBlocking(() -> Files.createDirectories(file.getParent()))
        .compose(dir -> writer.query("VACUUM INTO '" + file.toString().replace("'", "''") + "'").execute())
        .compose(copied -> {
          Pool oldWriter = writer;
          Pool oldReaders = readers;
          watch.reset();
          openPools();
          return Future.join(oldWriter.close(), oldReaders.close()).compose(closed -> requirePools());
        })
        .onSuccess(v -> log.info("database file {} restored from the open database", file))
        .onFailure(e -> log.warn("restoring database file {} failed: {}", file, e.toString()));
  }

  /** @return the update count of each row */
  private static Future<int[]> execute(SqlConnection connection, SqlBatch statement) {
    if (statement.isEmpty()) {
      return Future.succeededFuture(new int[0]);
    }
    List<Tuple> rows = statement.rows().stream().map(Tuple::wrap).toList();
    return connection.preparedQuery(statement.sql()).executeBatch(rows).map(counts -> {
      int[] updated = new int[counts.size()];
      int i = 0;
      for (Row count : counts) {
        updated[i++] = count.getInteger(0);
      }
      return updated;
    });
  }

  Future<Void> saveSensorMeta(SensorRegistry.Sensor sensor) {
    return writer.preparedQuery(ReadingSql.UPSERT_SENSOR_META)
        .execute(Tuple.of(sensor.id(), sensor.key().node(), sensor.key().sensor(), sensor.name(), sensor.location()))
        .mapEmpty();
  }

  /**
   * Deletes the oldest raw rows of one sensor older than {@code cutoff}, at most {@code limit} of them.
   *
   * @return how many were deleted
   */
  Future<Integer> pruneRaw(int sensorId, long cutoff, int limit) {
    String sql = "DELETE FROM readings_raw WHERE sensor_id = ? AND ts < ? AND ts < coalesce("
        + "(SELECT ts FROM readings_raw WHERE sensor_id = ? AND ts < ? ORDER BY ts LIMIT 1 OFFSET ?), ?)";
    return writer.preparedQuery(sql)
        .execute(Tuple.of(sensorId, cutoff, sensorId, cutoff, limit, cutoff))
        .map(RowSet::rowCount);
  }

  /** Deletes the digests of the hours that ended before {@code cutoff}: their raw rows are pruned or going. */
  Future<Void> pruneDigests(long cutoff) {
    return writer.preparedQuery("DELETE FROM readings_digest WHERE bucket <= ?")
        .execute(Tuple.of(cutoff - Resolution.HOUR.millis))
        .mapEmpty();
  }

  Future<List<SensorInfo>> sensors() {
    return readers.query("SELECT node, sensor, name, location, first_ts, last_ts FROM sensors ORDER BY node, sensor")
        .execute()
        .map(rows -> {
          List<SensorInfo> sensors = new ArrayList<>(rows.size());
          for (Row row : rows) {
            sensors.add(new SensorInfo(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                orZero(row.getLong(4)), orZero(row.getLong(5))));
          }
          return sensors;
        });
  }

  /** The newest reading of every sensor that has one. */
  Future<List<Reading>> latest() {
    return readers.query("SELECT node, sensor, last_ts, last_temperature_centi, last_humidity_centi FROM sensors"
            + " WHERE last_ts IS NOT NULL ORDER BY node, sensor")
        .execute()
        .map(rows -> {
          List<Reading> readings = new ArrayList<>(rows.size());
          for (Row row : rows) {
            readings.add(new Reading(row.getString(0), row.getString(1), row.getLong(2),
                CentiUnits.value(row.getLong(3)), CentiUnits.value(row.getLong(4))));
          }
          return readings;
        });
  }

  Future<Void> close() {
    return Future.join(writer.close(), readers.close())
        .transform(closed -> vertx.<Void>executeBlocking(() -> {
          lock.close();
          return null;
        }).transform(released -> closed.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(closed.cause())));
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
