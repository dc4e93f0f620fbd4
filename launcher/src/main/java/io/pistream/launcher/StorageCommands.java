package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigSections;
import io.pistream.contracts.SensorKey;
import io.pistream.storage.BackupException;
import io.pistream.storage.DatabaseBackup;
import io.pistream.storage.ReadingExport;
import io.pistream.storage.ReadingImport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The commands that work on a node's database from the command line, each reading {@code storage.dataDir}
 * from the same config as {@code run} ({@code --config FILE}, {@code PISTREAM_CONFIG}, conf/config.yaml,
 * the environment): {@code backup FILE [--force]} (also while the server runs), {@code export DIR
 * [--sensor NODE/SENSOR]} (also while it runs), {@code import FILE.csv [--node NODE]} and
 * {@code import-flask FLASK.db --node NODE [--sensor-map OLD=NEW]...} (with the server stopped).
 * docs/BACKUP.md describes them.
 */
final class StorageCommands {

  static final Set<String> COMMANDS = Set.of("backup", "export", "import", "import-flask");

  static final String USAGE = """
      usage: pistream backup FILE [--force] [--config FILE]
                 a consistent copy of the database (also while the server runs), checked with integrity_check
             pistream export DIR [--sensor NODE/SENSOR] [--config FILE]
                 every raw reading as CSV, one file per sensor
             pistream import FILE.csv [--node NODE] [--config FILE]
                 a CSV export into this node's database (server stopped); again is harmless
             pistream import-flask FLASK.db --node NODE [--sensor-map OLD=NEW]... [--time-zone ZONE] [--config FILE]
                 the original Flask app's history (server stopped); rDatetime read in http.timeZone""";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  StorageCommands(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  static boolean handles(String command) {
    return COMMANDS.contains(command);
  }

  /** @param args the command and its arguments; @return the process exit code */
  int run(String[] args) {
    Arguments parsed;
    try {
      parsed = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("pistream: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      JsonObject config = loadConfig(parsed.config());
      JsonObject storage = config.getJsonObject(ConfigSections.STORAGE, new JsonObject());
      return switch (parsed.command()) {
        case "backup" -> backup(storage, parsed);
        case "export" -> export(storage, parsed);
        case "import" -> importCsv(storage, parsed);
        default -> importFlask(config, storage, parsed);
      };
    } catch (BackupException | ConfigException e) {
      err.println("pistream " + parsed.command() + ": " + e.getMessage());
      return 1;
    }
  }

  private int backup(JsonObject storage, Arguments args) {
    Path database = DatabaseBackup.databaseFile(Path.of(storage.getString("dataDir", "./data")));
    DatabaseBackup.Result result = DatabaseBackup.copy(database, args.file(), args.flag("--force"));
    out.println("backup of " + database.toAbsolutePath() + " written to " + result.file());
    out.println("  " + result.bytes() + " bytes, schema version " + result.schemaVersion() + ", " + result.sensors() + " sensors, "
        + result.rawReadings() + " raw readings, " + result.rollupMinutes() + " minute rollups; integrity_check ok; "
        + result.millis() + " ms");
    return 0;
  }

  private int export(JsonObject storage, Arguments args) {
    SensorKey only = null;
    String sensor = args.option("--sensor");
    if (sensor != null) {
      String[] parts = sensor.split("/", 2);
      if (parts.length != 2) {
        throw new BackupException("--sensor takes NODE/SENSOR, e.g. pi-one/s1; got " + sensor);
      }
      only = new SensorKey(parts[0], parts[1]);
    }
    ReadingExport.Summary summary = ReadingExport.export(storage, args.file(), only);
    for (ReadingExport.SensorFile file : summary.files()) {
      out.println(file.file() + ": " + file.readings() + " readings" + (file.readings() == 0 ? ""
          : " from " + Instant.ofEpochMilli(file.firstTs()) + " to " + Instant.ofEpochMilli(file.lastTs())));
    }
    out.println(summary.readings() + " raw readings in " + summary.files().size() + " files");
    if (summary.olderHistoryAsRollupsOnly()) {
      out.println("note: history from " + Instant.ofEpochMilli(summary.oldestRollupTs()) + " on is older than the raw retention"
          + " (storage.retentionDays) and exists only as minute/hour/day rollups: GET /api/readings.csv serves it; a backup keeps it");
    }
    return 0;
  }

  private int importCsv(JsonObject storage, Arguments args) {
    try (ReadingImport into = ReadingImport.open(storage, System.currentTimeMillis())) {
      print(args.file(), into.importCsv(args.file(), args.option("--node")));
    }
    return 0;
  }

  private int importFlask(JsonObject config, JsonObject storage, Arguments args) {
    String node = args.option("--node");
    if (node == null) {
      throw new BackupException("--node NODE is needed: the node the Flask app's readings belong to (node.id of the Pi that measured them)");
    }
    Map<String, String> sensorMap = new LinkedHashMap<>();
    for (String mapping : args.options("--sensor-map")) {
      String[] parts = mapping.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new BackupException("--sensor-map takes OLD=NEW, e.g. 1=living-room; got " + mapping);
      }
      sensorMap.put(parts[0].trim(), parts[1].trim());
    }
    ZoneId zone = zone(args.option("--time-zone") != null ? args.option("--time-zone")
        : config.getJsonObject(ConfigSections.HTTP, new JsonObject()).getString("timeZone", ""));
    out.println("reading rDatetime as local time in " + zone);
    try (ReadingImport into = ReadingImport.open(storage, System.currentTimeMillis())) {
      print(args.file(), into.importFlask(args.file(), node, sensorMap, zone));
    }
    return 0;
  }

  private void print(Path file, ReadingImport.Summary summary) {
    out.println(file + ": " + summary.rows() + " rows: " + summary.imported() + " imported, " + summary.duplicates()
        + " already stored, " + summary.skippedTotal() + " skipped");
    summary.skipped().forEach((reason, count) -> out.println("  skipped " + count + ": " + reason));
    if (summary.ambiguousLocalTimes() > 0) {
      out.println("  " + summary.ambiguousLocalTimes() + " local times fell in a daylight-saving overlap (the clock going back)"
          + " and were placed by the order of the rows");
    }
    summary.examples().forEach(example -> out.println("  e.g. " + example));
  }

  private static ZoneId zone(String name) {
    if (name == null || name.isBlank()) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(name.trim());
    } catch (DateTimeException e) {
      throw new BackupException("the time zone must be a zone id such as Europe/Berlin, got '" + name + "'");
    }
  }

  private JsonObject loadConfig(Path configFile) {
    LaunchOptions options = LaunchOptions.parse(configFile == null ? new String[0] : new String[] {"--config", configFile.toString()}, env);
    Vertx vertx = Vertx.vertx();
    try {
      return new ConfigLoader(vertx).load(options.configFile(), options.configRequired(), env).timeout(30, TimeUnit.SECONDS).await();
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigException(e.getMessage());
    } finally {
      vertx.close().await();
    }
  }

  /** The command, its one file argument, and its options. */
  record Arguments(String command, Path file, Path config, Map<String, List<String>> options) {

    private static final Set<String> FLAGS = Set.of("--force");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
        "backup", Set.of("--force", "--config"),
        "export", Set.of("--sensor", "--config"),
        "import", Set.of("--node", "--config"),
        "import-flask", Set.of("--node", "--sensor-map", "--time-zone", "--config"));

    static Arguments parse(String[] args) {
      String command = args[0];
      Path file = null;
      Path config = null;
      Map<String, List<String>> options = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (arg.startsWith("--")) {
          if (!ALLOWED.get(command).contains(arg)) {
            throw new IllegalArgumentException(command + " takes no option " + arg);
          }
          if (FLAGS.contains(arg)) {
            options.computeIfAbsent(arg, k -> new ArrayList<>()).add("");
            continue;
          }
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          String value = args[++i];
          if (arg.equals("--config")) {
            config = Path.of(value);
          } else {
            options.computeIfAbsent(arg, k -> new ArrayList<>()).add(value);
          }
        } else if (file == null) {
          file = Path.of(arg);
        } else {
          throw new IllegalArgumentException(command + " takes one " + (command.equals("export") ? "directory" : "file") + ", got " + arg + " too");
        }
      }
      if (file == null) {
        throw new IllegalArgumentException(command + " needs a " + (command.equals("export") ? "directory" : "file"));
      }
      return new Arguments(command, file, config, options);
    }

    boolean flag(String name) {
      return options.containsKey(name);
    }

    String option(String name) {
      List<String> values = options.get(name);
      return values == null ? null : values.get(values.size() - 1);
    }

    List<String> options(String name) {
      return options.getOrDefault(name, List.of());
    }
  }
}
