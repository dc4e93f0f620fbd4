package io.pistream.storage;

import io.vertx.jdbcclient.spi.JDBCColumnDescriptorProvider;
import io.vertx.jdbcclient.spi.JDBCDecoderImpl;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Decodes result values by their SQLite storage class ({@code ResultSet.getObject}: Integer, Long,
 * Double, String, byte[] or null). The stock decoder asks the result set's metadata about the column
 * for every single value, which with sqlite-jdbc made a 2000-row answer cost 30 ms instead of 1.
 * Installed through {@code META-INF/services}; pistream's storage is the only JDBC user in the JVM.
 */
public class SqliteValueDecoder extends JDBCDecoderImpl {

  @Override
  public Object parse(ResultSet rs, int pos, JDBCColumnDescriptorProvider provider) throws SQLException {
    return rs.getObject(pos);
  }
}
