package io.pistream.storage;

import io.pistream.contracts.SensorKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes readings straight into a pistream database, with the schema, the idempotency and the rollups
 * of the storage verticle, in large transactions: for imports and for generating benchmark data.
 * Blocking and single-threaded; never use it on a file a running storage verticle writes to.
 */
public final class SqliteBulkLoader implements AutoCloseable {

  private static final int TRANSACTION_ROWS = 20_000;

  private final Connection connection;
  private final SensorRegistry registry = new SensorRegistry();
  private final ReadingBatch batch = new ReadingBatch(TRANSACTION_ROWS);
  private long inserted;

  private SqliteBulkLoader(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating and migrating when needed) the database in {@code dataDir}. */
  public static SqliteBulkLoader open(Path dataDir) throws SQLException, java.io.IOException {
    Files.createDirectories(dataDir);
    Connection connection = SqliteDatabase.openMigrated(dataDir.resolve(StorageConfig.DATABASE_FILE), "normal");
    try {
      SqliteBulkLoader loader = new SqliteBulkLoader(connection);
      SqliteDatabase.storedSensors(connection).forEach(s -> loader.registry.load(s.id(), s.key(), s.name(), s.location()));
      connection.setAutoCommit(false);
      return loader;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  public void add(String node, String sensor, long ts, double temperatureC, double humidityPct) throws SQLException {
    if (!CentiUnits.storable(temperatureC) || !CentiUnits.storable(humidityPct)) {
      throw new IllegalArgumentException("values out of any possible range: " + temperatureC + ", " + humidityPct);
    }
    int sensorId = registry.obtain(new SensorKey(node, sensor)).id();
    batch.add(sensorId, ts, CentiUnits.of(temperatureC), CentiUnits.of(humidityPct));
    if (batch.size() >= TRANSACTION_ROWS) {
      flush();
    }
  }

  /**
   * Whether the database holds a minute rollup for this sensor's minute of {@code ts}: for readings older
   * than the raw retention, whose raw rows may have been pruned, that is the only trace that they were
   * stored. Reads what was committed, not what this loader still holds.
   */
  public boolean hasMinuteRollup(String node, String sensor, long ts) throws SQLException {
    java.util.Optional<SensorRegistry.Sensor> known = registry.find(new SensorKey(node, sensor));
    if (known.isEmpty() || !known.get().persisted()) {
      return false;
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM readings_minute WHERE sensor_id = ? AND bucket = ?")) {
      select.setInt(1, known.get().id());
      select.setLong(2, Resolution.MINUTE.bucketOf(ts));
      try (java.sql.ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Readings inserted so far; duplicates of stored ones are not counted. */
  public long inserted() {
    return inserted;
  }

  public void flush() throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<SensorRegistry.Sensor> newSensors = registry.unpersisted();
      execute(ReadingSql.newSensors(newSensors));
      ReadingSql.Derived derived = ReadingSql.derived(batch, execute(ReadingSql.raw(batch)));
      for (SqlBatch statement : derived.statements()) {
        execute(statement);
      }
      connection.commit();
      registry.markPersisted(newSensors);
      inserted += derived.inserted();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      batch.clear();
    }
  }

  /** @return the update count of each row */
  private int[] execute(SqlBatch statement) throws SQLException {
    if (statement.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
      for (Object[] row : statement.rows()) {
        for (int i = 0; i < row.length; i++) {
          prepared.setObject(i + 1, row[i]);
        }
        prepared.addBatch();
      }
      return prepared.executeBatch();
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      flush();
    } finally {
      connection.close();
    }
  }
}
