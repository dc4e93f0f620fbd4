package io.pistream.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Decodes result values by their SQLite storage class ({@code ResultSet.getObject}: Integer, Long,
 * Double, String, byte[] or null). The stock decoder asks the result set's metadata about the column
 * for every single value, which with sqlite-jdbc made a 2000-row answer cost 30 ms instead of 1.
 *
 * <p>Everything storage takes from vertx-jdbc-client's internals is here, as of 5.0: this class
 * extends {@code JDBCDecoderImpl}, and a pool uses it because the pool's connection factory hands
 * {@code JDBCConnectOptions.getExtraConfig()} to {@code JDBCStatementHelper}, which instantiates the
 * class named by its {@code decoderCls} key. So only pools made with {@link #connectOptions} use it, and
 * {@link #requireInUse} proves that one does rather than trusting that the mechanism still exists.
 */
public class SqliteValueDecoder extends JDBCDecoderImpl {

  static final String EXPECTED_VERTX_JDBC_CLIENT = "5.0";

  private static final String DECODER_CLASS_KEY = "decoderCls";
  /** SQLite's REAL is a double, which this decoder hands back as it is; the stock one narrows it to a Float. */
  private static final String PROBE = "SELECT 0.5";

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    return rs.getObject(pos);
  }

  /** Options for a pool on {@code jdbcUrl} whose connections decode with this class. */
  static JDBCConnectOptions connectOptions(String jdbcUrl) {
    return new JDBCConnectOptions()
        .setJdbcUrl(jdbcUrl)
        .setExtraConfig(new JsonObject().put(DECODER_CLASS_KEY, SqliteValueDecoder.class.getName()));
  }

  /**
   * Completes once {@code pool} answered a query decoded by this class; fails naming the class and the
   * vertx-jdbc-client version it was written for when the pool decodes with anything else.
   */
  static Future<Void> requireInUse(Pool pool, String poolName) {
    return pool.query(PROBE).execute().compose(rows -> {
      Object value = rows.iterator().next().getValue(0);
      if (value instanceof Double) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(new IllegalStateException(poolName + " pool does not decode with "
          + SqliteValueDecoder.class.getName() + " (a REAL came back as "
          + (value == null ? "null" : value.getClass().getName()) + "). Storage relies on vertx-jdbc-client "
          + EXPECTED_VERTX_JDBC_CLIENT + ".x creating the decoder named by JDBCConnectOptions extraConfig '"
          + DECODER_CLASS_KEY + "' (JDBCStatementHelper); this is vertx-jdbc-client " + vertxJdbcClientVersion()
          + ". Without it every query pays for the stock decoder's per-value metadata lookups, so storage does not start."));
    });
  }

  private static String vertxJdbcClientVersion() {
    // The jar's own manifest is gone from a shaded jar; its Maven properties are kept.
    try (InputStream in = JDBCPool.class.getResourceAsStream("/META-INF/maven/io.vertx/vertx-jdbc-client/pom.properties")) {
      if (in == null) {
        return "of unknown version";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "of unknown version");
    } catch (IOException e) {
      return "of unknown version (" + e + ")";
    }
  }
}
