package io.pistream.storage;

import io.pistream.contracts.SensorKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
  private final BatchTotals totals = new BatchTotals();
  private long inserted;

  private SqliteBulkLoader(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating and migrating when needed) the database in {@code dataDir}. */
  public static SqliteBulkLoader open(Path dataDir) throws SQLException, java.io.IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(StorageConfig.DATABASE_FILE);
    Connection connection = SqliteDataSources.writer(file, "normal").getConnection();
    try {
      SchemaMigrator.migrate(connection, file);
      SqliteBulkLoader loader = new SqliteBulkLoader(connection);
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id, node, sensor, name, location FROM sensors")) {
        while (rows.next()) {
          loader.registry.load(rows.getInt(1), new SensorKey(rows.getString(2), rows.getString(3)),
              rows.getString(4), rows.getString(5));
        }
      }
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
      try (PreparedStatement insert = connection.prepareStatement(ReadingSql.INSERT_SENSOR)) {
        for (SensorRegistry.Sensor sensor : newSensors) {
          insert.setInt(1, sensor.id());
          insert.setString(2, sensor.key().node());
          insert.setString(3, sensor.key().sensor());
          insert.executeUpdate();
        }
      }
      insertRaw();
      upsertTotals();
      connection.commit();
      registry.markPersisted(newSensors);
      inserted += totals.inserted();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      totals.clear();
      batch.clear();
    }
  }

  private void insertRaw() throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(ReadingSql.INSERT_RAW)) {
      for (int i = 0; i < batch.size(); i++) {
        insert.setInt(1, batch.sensorId(i));
        insert.setLong(2, batch.ts(i));
        insert.setInt(3, batch.temperatureCenti(i));
        insert.setInt(4, batch.humidityCenti(i));
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          totals.addInserted(batch.sensorId(i), batch.ts(i), batch.temperatureCenti(i), batch.humidityCenti(i));
        }
      }
    }
  }

  private void upsertTotals() throws SQLException {
    for (RollupAccumulator rollup : totals.rollups()) {
      try (PreparedStatement upsert = connection.prepareStatement(ReadingSql.upsertRollup(rollup.resolution()))) {
        for (RollupAccumulator.Bucket b : rollup.buckets()) {
          upsert.setInt(1, b.sensorId());
          upsert.setLong(2, b.start());
          upsert.setLong(3, b.count());
          upsert.setInt(4, b.temperatureMin());
          upsert.setInt(5, b.temperatureMax());
          upsert.setLong(6, b.temperatureSum());
          upsert.setInt(7, b.humidityMin());
          upsert.setInt(8, b.humidityMax());
          upsert.setLong(9, b.humiditySum());
          upsert.addBatch();
        }
        upsert.executeBatch();
      }
    }
    List<BatchTotals.Span> spans = new ArrayList<>(totals.spans());
    try (PreparedStatement update = connection.prepareStatement(ReadingSql.UPDATE_SENSOR_SPAN)) {
      for (BatchTotals.Span s : spans) {
        long[] values = {s.firstTs(), s.firstTs(), s.lastTs(), s.lastTemperatureCenti(), s.lastTs(),
            s.lastHumidityCenti(), s.lastTs(), s.lastTs(), s.sensorId()};
        for (int i = 0; i < values.length; i++) {
          update.setLong(i + 1, values[i]);
        }
        update.addBatch();
      }
      update.executeBatch();
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
