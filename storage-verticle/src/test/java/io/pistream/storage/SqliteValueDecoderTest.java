package io.pistream.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class SqliteValueDecoderTest {

  private static final String REAL = "SELECT 0.1";

  @TempDir
  Path dir;

  @Test
  void theStorageReadersDecodeWithIt(Vertx vertx, VertxTestContext ctx) {
    StorageConfig config = StorageConfig.from(new JsonObject().put("dataDir", dir.toString()));
    SqliteReadingStore.open(vertx, config, new SensorRegistry(), new WrittenThrough())
        .compose(store -> store.readers().query(REAL).execute().eventually(store::close))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getValue(0)).isEqualTo(0.1d);
          ctx.completeNow();
        })));
  }

  @Test
  void aPoolMadeWithoutItDecodesTheStockWayAndFailsTheCheck(Vertx vertx, VertxTestContext ctx) {
    Pool stock = JDBCPool.pool(vertx,
        new JDBCConnectOptions().setJdbcUrl(SqliteDatabase.writerUrl(dir.resolve("plain.db"), "normal")),
        new PoolOptions().setMaxSize(1));
    stock.query(REAL).execute()
        .compose(rows -> {
          Row row = rows.iterator().next();
          ctx.verify(() -> assertThat(row.getValue(0)).isEqualTo(0.1f));
          return SqliteValueDecoder.requireInUse(stock, "plain");
        })
        .eventually(stock::close)
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("plain pool does not decode with io.pistream.storage.SqliteValueDecoder")
              .hasMessageContaining("vertx-jdbc-client " + SqliteValueDecoder.EXPECTED_VERTX_JDBC_CLIENT + ".x")
              .hasMessageMatching("(?s).*this is vertx-jdbc-client \\d+\\.\\d+\\.\\d+\\..*")
              .hasMessageContaining("does not start");
          ctx.completeNow();
        })));
  }
}
