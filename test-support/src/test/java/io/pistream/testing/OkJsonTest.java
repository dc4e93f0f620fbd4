package io.pistream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OkJsonTest {

  private WebClient client;
  private int port;

  @BeforeEach
  void serve(Vertx vertx) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/ok")) {
        request.response().putHeader("Content-Type", "application/json").end("{\"nodes\":[]}");
      } else {
        request.response().setStatusCode(503).end("starting");
      }
    }).listen(0, "127.0.0.1").await();
    port = server.actualPort();
    client = WebClient.create(vertx);
  }

  @Test
  void aTwoHundredGivesItsJsonBody() {
    assertThat(client.get(port, "127.0.0.1", "/ok").send().compose(OkJson::body).await())
        .isEqualTo(new JsonObject().put("nodes", new JsonArray()));
  }

  @Test
  void anyOtherStatusFailsNamingTheStatusAndTheBody() {
    assertThatThrownBy(() -> client.get(port, "127.0.0.1", "/later").send().compose(OkJson::body).await())
        .hasMessage("answered 503: starting");
  }
}
