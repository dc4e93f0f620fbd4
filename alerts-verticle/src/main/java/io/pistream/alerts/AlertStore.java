package io.pistream.alerts;

import io.pistream.contracts.AlertEvent;
import io.pistream.contracts.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert state in its own SQLite file (WAL): firing alerts, resolved history, the outbox and the nodes
 * heard. Loaded once at start with a plain connection on a worker; written through a one-connection pool.
 */
final class AlertStore {

  /** What the file held at start. */
  record Loaded(List<Alert> active, List<KnownNode> nodes, List<OutboxEntry> outbox) {
  }

  private static final int BUSY_TIMEOUT_MS = 5000;

  private final Pool pool;
  private Loaded loaded;

  private AlertStore(Pool pool) {
    this.pool = pool;
  }

  static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath() + "?journal_mode=WAL&synchronous=FULL&busy_timeout=" + BUSY_TIMEOUT_MS;
  }

  /**
   * Creates the directory, migrates the schema and loads the state; {@code nodesHeardAt} stands for when
   * remembered nodes were last heard.
   */
  static Future<AlertStore> open(Vertx vertx, Path file, String dataDirPath, long nodesHeardAt) {
    return vertx.executeBlocking(() -> load(file, dataDirPath, nodesHeardAt)).map(loaded -> {
      Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url(file)), new PoolOptions().setMaxSize(1).setName("alerts"));
      AlertStore store = new AlertStore(pool);
      store.loaded = loaded;
      return store;
    });
  }

  /** The state found at start; read once. */
  Loaded loaded() {
    Loaded result = loaded;
    loaded = null;
    return result;
  }

  private static Loaded load(Path file, String dataDirPath, long nodesHeardAt) throws SQLException {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException(dataDirPath + ": cannot create directory '" + dir + "': " + e);
    }
    if (!Files.isWritable(dir)) {
      throw new ConfigException(dataDirPath + " '" + dir + "' is not a writable directory");
    }
    try (Connection connection = DriverManager.getConnection(url(file))) {
      AlertSchema.migrate(connection, file);
      List<Alert> active = new ArrayList<>();
      List<KnownNode> nodes = new ArrayList<>();
      List<OutboxEntry> outbox = new ArrayList<>();
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rows = statement.executeQuery("SELECT alert FROM active_alerts")) {
          while (rows.next()) {
            active.add(alertFromJson(new JsonObject(rows.getString(1))));
          }
        }
        try (ResultSet rows = statement.executeQuery("SELECT node, name, roles, every_ms FROM known_nodes")) {
          while (rows.next()) {
            List<String> roles = new JsonArray(rows.getString(3)).stream().map(String::valueOf).toList();
            nodes.add(new KnownNode(rows.getString(1), rows.getString(2), roles, rows.getLong(4), nodesHeardAt, false));
          }
        }
        try (ResultSet rows = statement.executeQuery(
            "SELECT channel, notification, position, attempts, next_try_at FROM outbox ORDER BY position")) {
          while (rows.next()) {
            outbox.add(new OutboxEntry(rows.getString(1), notificationFromJson(new JsonObject(rows.getString(2))), rows.getLong(3),
                rows.getInt(4), rows.getLong(5)));
          }
        }
      }
      return new Loaded(active, nodes, outbox);
    }
  }

  /** The alert's new state, its history row when it resolved, and its notifications, in one transaction. */
  Future<Void> record(AlertChange change, AlertEvent event, List<OutboxEntry> entries) {
    return pool.withTransaction(connection -> {
      Future<?> done = switch (change.type()) {
        case FIRED, REPEATED -> connection.preparedQuery("INSERT OR REPLACE INTO active_alerts (id, rule, subject, alert) VALUES (?, ?, ?, ?)")
            .execute(Tuple.of(change.alert().id(), change.alert().rule(), change.alert().subject(), alertToJson(change.alert()).encode()));
        case RESOLVED -> resolve(connection, event);
      };
      return done.compose(v -> insert(connection, entries));
    });
  }

  /** Moves an alert to the history without a notification: its rule is gone from the config. */
  Future<Void> retire(AlertEvent event) {
    return pool.withTransaction(connection -> resolve(connection, event));
  }

  private static Future<Void> resolve(SqlConnection connection, AlertEvent event) {
    return connection.preparedQuery("DELETE FROM active_alerts WHERE id = ?").execute(Tuple.of(event.id()))
        .compose(v -> connection.preparedQuery("INSERT OR REPLACE INTO alert_history (id, resolved_at, event) VALUES (?, ?, ?)")
            .execute(Tuple.of(event.id(), event.resolvedAt(), event.toJson().encode())))
        .mapEmpty();
  }

  private static Future<Void> insert(SqlConnection connection, List<OutboxEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = entries.stream().map(entry -> Tuple.of(entry.notification().id(), entry.channel(), entry.position(),
        entry.attempts(), entry.nextTryAt(), notificationToJson(entry.notification()).encode())).toList();
    return connection.preparedQuery("INSERT OR REPLACE INTO outbox (notification_id, channel, position, attempts, next_try_at, notification)"
        + " VALUES (?, ?, ?, ?, ?, ?)").executeBatch(rows).mapEmpty();
  }

  Future<Void> delivered(OutboxEntry entry) {
    return write("DELETE FROM outbox WHERE notification_id = ? AND channel = ?", Tuple.of(entry.notification().id(), entry.channel()))
        .mapEmpty();
  }

  Future<Void> retryLater(OutboxEntry entry) {
    return write("UPDATE outbox SET attempts = ?, next_try_at = ? WHERE notification_id = ? AND channel = ?",
        Tuple.of(entry.attempts(), entry.nextTryAt(), entry.notification().id(), entry.channel())).mapEmpty();
  }

  Future<Void> rememberNode(KnownNode node) {
    return write("INSERT OR REPLACE INTO known_nodes (node, name, roles, every_ms) VALUES (?, ?, ?, ?)",
        Tuple.of(node.id(), node.name() == null ? "" : node.name(), new JsonArray(node.roles()).encode(), node.everyMs())).mapEmpty();
  }

  /**
   * One statement in a transaction of its own: after {@code withTransaction} the pool's connection is left
   * out of auto-commit here (vertx-jdbc-client 5.0 with sqlite-jdbc): a bare statement on it stayed
   * uncommitted and was lost at close (a sent notification came back after a restart).
   */
  private Future<Integer> write(String sql, Tuple arguments) {
    return pool.withTransaction(connection -> connection.preparedQuery(sql).execute(arguments).map(rows -> rows.rowCount()));
  }

  /** The latest resolved alerts, newest first. */
  Future<List<AlertEvent>> recent(int limit) {
    return pool.preparedQuery("SELECT event FROM alert_history ORDER BY resolved_at DESC LIMIT ?").execute(Tuple.of(limit))
        .map(rows -> {
          List<AlertEvent> events = new ArrayList<>();
          for (Row row : rows) {
            events.add(AlertEvent.fromJson(new JsonObject(row.getString(0))));
          }
          return events;
        });
  }

  /** @return how many resolved alerts older than {@code before} were deleted */
  Future<Integer> pruneHistory(long before) {
    return write("DELETE FROM alert_history WHERE resolved_at < ?", Tuple.of(before));
  }

  Future<Void> close() {
    return pool.close();
  }

  static JsonObject alertToJson(Alert alert) {
    return new JsonObject()
        .put("id", alert.id())
        .put("rule", alert.rule())
        .put("kind", alert.kind())
        .put("node", alert.node())
        .put("subject", alert.subject())
        .put("since", alert.since())
        .put("firedAt", alert.firedAt())
        .put("value", alert.value())
        .put("lastNotifiedAt", alert.lastNotifiedAt())
        .put("resolvedAt", alert.resolvedAt());
  }

  static Alert alertFromJson(JsonObject json) {
    return new Alert(json.getString("id"), json.getString("rule"), json.getString("kind"), json.getString("node"),
        json.getString("subject"), json.getLong("since"), json.getLong("firedAt"), json.getDouble("value"),
        json.getLong("lastNotifiedAt"), json.getLong("resolvedAt", 0L));
  }

  static JsonObject notificationToJson(Notification notification) {
    return new JsonObject()
        .put("id", notification.id())
        .put("title", notification.title())
        .put("body", notification.body())
        .put("link", notification.link())
        .put("event", notification.event().toJson())
        .put("createdAt", notification.createdAt());
  }

  static Notification notificationFromJson(JsonObject json) {
    return new Notification(json.getString("id"), json.getString("title"), json.getString("body"), json.getString("link"),
        AlertEvent.fromJson(json.getJsonObject("event")), json.getLong("createdAt"));
  }
}
