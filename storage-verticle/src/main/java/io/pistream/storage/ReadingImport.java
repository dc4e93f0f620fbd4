package io.pistream.storage;

import io.pistream.contracts.Ids;
import io.pistream.contracts.SensorKey;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imports readings into a stopped node's database: a CSV export ({@link ReadingExport}) or the database
 * of the original Flask app. Writes through {@link SqliteBulkLoader}, with the storage verticle's
 * statements, so storing stays idempotent on (node, sensor, ts): importing twice stores nothing twice.
 * Readings older than the raw retention whose minute already has a rollup count as already stored, since
 * their raw rows may have been pruned and storing them again would count them twice in the rollups.
 * Holds {@link DataDirLock} while open, so no server writes meanwhile. Bad rows are counted, never fatal.
 * Blocking.
 */
public final class ReadingImport implements AutoCloseable {

  /** What an import did. {@code skipped} by reason; {@code examples}: the first few bad rows, for the operator. */
  public record Summary(long rows, long imported, long duplicates, Map<String, Long> skipped, long ambiguousLocalTimes, List<String> examples) {

    public long skippedTotal() {
      return skipped.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  static final double MIN_TEMPERATURE = -50;
  static final double MAX_TEMPERATURE = 100;
  private static final int EXAMPLES = 5;

  private final DataDirLock lock;
  private final SqliteBulkLoader loader;
  private final long rawCutoff;
  private final Map<SensorKey, Set<Long>> minutesAddedHere = new HashMap<>();

  private ReadingImport(DataDirLock lock, SqliteBulkLoader loader, long rawCutoff) {
    this.lock = lock;
    this.loader = loader;
    this.rawCutoff = rawCutoff;
  }

  /**
   * @param storageSection the {@code storage} section of the config
   * @throws BackupException when a server (or another import) uses the data directory
   */
  public static ReadingImport open(JsonObject storageSection, long now) {
    StorageConfig config = StorageConfig.from(storageSection);
    Path dir = config.dataDir().toAbsolutePath();
    DataDirLock lock;
    try {
      Files.createDirectories(dir);
      lock = DataDirLock.tryAcquire(dir);
    } catch (IOException e) {
      throw new BackupException("cannot use " + config.dataDirPath() + " '" + dir + "': " + e);
    }
    if (lock == null) {
      throw new BackupException("a running pistream uses " + dir + " (" + dir.resolve(DataDirLock.FILE) + " is locked): stop it"
          + " (sudo systemctl stop pistream), import, then start it again; a backup first is a good idea (pistream backup FILE)");
    }
    try {
      DatabaseFileCheck.requireUsable(config.databaseFile(), "never", config.dataDirPath());
      long cutoff = config.retentionDays() == 0 ? Long.MIN_VALUE : now - Duration.ofDays(config.retentionDays()).toMillis();
      return new ReadingImport(lock, SqliteBulkLoader.open(dir), cutoff);
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        lock.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof BackupException backup) {
        throw backup;
      }
      throw new BackupException(e instanceof IllegalStateException ? e.getMessage() : "cannot open the database in " + dir + ": " + e);
    }
  }

  /**
   * A CSV in the export's (and the API's) columns. Rows of raw readings (count 1) are imported; rows of
   * rollups (count above 1, as {@code /api/readings.csv} answers without raw) are skipped and counted.
   *
   * @param node the node to store the readings under instead of the file's; null keeps the file's
   */
  public Summary importCsv(Path csv, String node) {
    if (node != null) {
      Ids.require(node, "--node");
    }
    Tally tally = new Tally();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new BackupException(csv + " is empty");
      }
      List<String> columns = Csv.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        at.put(columns.get(i).trim(), i);
      }
      for (String needed : List.of("time", "node", "sensor", "count", "temperature_avg_c", "humidity_avg_pct")) {
        if (!at.containsKey(needed)) {
          throw new BackupException(csv + " is not a pistream CSV export: its header lacks the column " + needed
              + " (expected " + ReadingExport.HEADER + ")");
        }
      }
      String line;
      long lineNumber = 1;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        tally.rows++;
        String where = csv.getFileName() + " line " + lineNumber;
        List<String> fields;
        try {
          fields = Csv.split(line);
          if (fields.size() != columns.size()) {
            tally.skip("wrong number of fields", where + ": " + fields.size() + " fields, the header has " + columns.size());
            continue;
          }
          if (!fields.get(at.get("count")).trim().equals("1")) {
            tally.skip("rollup rows (count above 1; export with pistream export or ?raw=true)", null);
            continue;
          }
          long ts = Instant.parse(fields.get(at.get("time")).trim()).toEpochMilli();
          String rowNode = node != null ? node : fields.get(at.get("node")).trim();
          String sensor = fields.get(at.get("sensor")).trim();
          if (rowNode.isEmpty() || sensor.isEmpty()) {
            tally.skip("no node or sensor", where);
            continue;
          }
          double temperature = Double.parseDouble(fields.get(at.get("temperature_avg_c")).trim());
          double humidity = Double.parseDouble(fields.get(at.get("humidity_avg_pct")).trim());
          add(tally, rowNode, sensor, ts, temperature, humidity, where);
        } catch (DateTimeParseException e) {
          tally.skip("bad time", where + ": " + e.getParsedString());
        } catch (NumberFormatException e) {
          tally.skip("bad value", where + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          tally.skip("bad row", where + ": " + e.getMessage());
        }
      }
      return tally.summary(flush());
    } catch (IOException e) {
      throw new BackupException("reading " + csv + " failed: " + e);
    } catch (SQLException e) {
      throw new BackupException("writing to the database failed: " + e.getMessage());
    }
  }

  /**
   * The original Flask app's database: {@code temperatures(rDatetime, sensorID, temp)} and
   * {@code humidities(rDatetime, sensorID, humidity)}, paired by (rDatetime, sensorID); a temperature
   * without its humidity, or the reverse, is skipped and counted (a reading needs both). {@code rDatetime}
   * is local time in {@code zone}: a time in a daylight-saving gap (it never happened) is skipped and
   * counted; one in an overlap is taken at the earlier offset, or the later once that sensor's readings
   * already passed the earlier one (the clock went back), and counted.
   *
   * @param sensorMap Flask sensor ids to pistream sensor ids; an id not in it is kept when it is a valid id
   */
  public Summary importFlask(Path flaskDatabase, String node, Map<String, String> sensorMap, ZoneId zone) {
    Ids.require(node, "--node");
    sensorMap.values().forEach(id -> Ids.require(id, "--sensor-map"));
    if (!Files.isRegularFile(flaskDatabase)) {
      throw new BackupException("no file " + flaskDatabase);
    }
    Tally tally = new Tally();
    Map<String, Long> lastTs = new HashMap<>();
    try (Connection flask = DriverManager.getConnection("jdbc:sqlite:" + flaskDatabase.toAbsolutePath() + "?open_mode=1");
        Statement statement = flask.createStatement()) {
      Set<String> tables = new TreeSet<>();
      try (ResultSet rows = statement.executeQuery("SELECT lower(name) FROM sqlite_master WHERE type = 'table'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      if (!tables.containsAll(List.of("temperatures", "humidities"))) {
        throw new BackupException(flaskDatabase + " is not the Flask app's database: it needs the tables temperatures and humidities,"
            + " it has " + tables);
      }
      long unpairedTemperatures = count(statement, "SELECT count(*) FROM temperatures t WHERE NOT EXISTS (SELECT 1 FROM humidities h"
          + " WHERE h.rDatetime = t.rDatetime AND h.sensorID = t.sensorID)");
      tally.rows += unpairedTemperatures;
      tally.skipMany("temperature without a humidity", unpairedTemperatures);
      long unpairedHumidities = count(statement, "SELECT count(*) FROM humidities h WHERE NOT EXISTS (SELECT 1 FROM temperatures t"
          + " WHERE h.rDatetime = t.rDatetime AND h.sensorID = t.sensorID)");
      tally.rows += unpairedHumidities;
      tally.skipMany("humidity without a temperature", unpairedHumidities);
      try (ResultSet rows = statement.executeQuery("SELECT t.rDatetime, t.sensorID, t.temp, h.humidity FROM temperatures t"
          + " JOIN humidities h ON h.rDatetime = t.rDatetime AND h.sensorID = t.sensorID ORDER BY t.rowid")) {
        while (rows.next()) {
          tally.rows++;
          String local = rows.getString(1);
          String oldId = rows.getString(2);
          String where = "rDatetime " + local + ", sensorID " + oldId;
          String sensor = oldId == null ? null : sensorMap.getOrDefault(oldId.trim(), oldId.trim());
          if (sensor == null || !Ids.valid(sensor)) {
            tally.skip("sensorID not a pistream id (map it with --sensor-map OLD=new)", where);
            continue;
          }
          LocalDateTime time;
          try {
            time = LocalDateTime.parse(local.trim().replace(' ', 'T'));
          } catch (DateTimeParseException | NullPointerException e) {
            tally.skip("bad time", where);
            continue;
          }
          List<ZoneOffset> offsets = zone.getRules().getValidOffsets(time);
          if (offsets.isEmpty()) {
            tally.skip("local time in a daylight-saving gap", where);
            continue;
          }
          long ts = time.toInstant(offsets.get(0)).toEpochMilli();
          if (offsets.size() > 1) {
            tally.ambiguous++;
            long previous = lastTs.getOrDefault(sensor, Long.MIN_VALUE);
            if (ts <= previous) {
              ts = time.toInstant(offsets.get(1)).toEpochMilli();
            }
          }
          Double temperature = number(rows, 3);
          Double humidity = number(rows, 4);
          if (temperature == null || humidity == null) {
            tally.skip("bad value", where + ": temp " + rows.getString(3) + ", humidity " + rows.getString(4));
            continue;
          }
          if (add(tally, node, sensor, ts, temperature, humidity, where)) {
            lastTs.merge(sensor, ts, Math::max);
          }
        }
      }
      return tally.summary(flush());
    } catch (SQLException e) {
      throw new BackupException("importing " + flaskDatabase + " failed: " + e.getMessage());
    }
  }

  private boolean add(Tally tally, String node, String sensor, long ts, double temperature, double humidity, String where) throws SQLException {
    if (!Double.isFinite(temperature) || temperature < MIN_TEMPERATURE || temperature > MAX_TEMPERATURE
        || !Double.isFinite(humidity) || humidity < 0 || humidity > 100) {
      tally.skip("bad value", where + ": " + temperature + " °C, " + humidity + " %");
      return false;
    }
    SensorKey key = new SensorKey(node, sensor);
    if (ts < rawCutoff) {
      long minute = Resolution.MINUTE.bucketOf(ts);
      Set<Long> added = minutesAddedHere.computeIfAbsent(key, k -> new HashSet<>());
      if (!added.contains(minute) && loader.hasMinuteRollup(node, sensor, ts)) {
        tally.storedAsRollup++;
        return true;
      }
      added.add(minute);
    }
    loader.add(node, sensor, ts, temperature, humidity);
    tally.added++;
    return true;
  }

  /** @return readings inserted by this loader so far */
  private long flush() throws SQLException {
    loader.flush();
    return loader.inserted();
  }

  private static Double number(ResultSet rows, int column) throws SQLException {
    Object value = rows.getObject(column);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (SQLException e) {
      throw new BackupException("writing the last imported readings failed: " + e.getMessage());
    } finally {
      try {
        lock.close();
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(ReadingImport.class).warn("releasing {} failed: {}", DataDirLock.FILE, e.toString());
      }
    }
  }

  /** The counts of one import; inserted counts are read from the loader before and after. */
  private final class Tally {
    private final long insertedBefore = loader.inserted();
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();
    long rows;
    long added;
    long storedAsRollup;
    long ambiguous;

    void skip(String reason, String example) {
      skipped.merge(reason, 1L, Long::sum);
      if (example != null && examples.size() < EXAMPLES) {
        examples.add(reason + ": " + example);
      }
    }

    void skipMany(String reason, long count) {
      if (count > 0) {
        skipped.merge(reason, count, Long::sum);
      }
    }

    Summary summary(long insertedNow) {
      long imported = insertedNow - insertedBefore;
      return new Summary(rows, imported, added - imported + storedAsRollup, Map.copyOf(skipped), ambiguous, List.copyOf(examples));
    }
  }

  /** RFC 4180 fields of one line (no line breaks inside quotes: the export never writes them). */
  static final class Csv {
    static List<String> split(String line) {
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      if (quoted) {
        throw new IllegalArgumentException("a quote is not closed");
      }
      fields.add(field.toString());
      return fields;
    }

    private Csv() {
    }
  }
}
