package io.pistream.alerts.channels;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook service on 127.0.0.1 and a free port: records each request whole before it answers, so a test
 * finds the request once the send's future completes. Answers 200, or the status set, with a body that
 * echoes the request's {@code Authorization} the way a careless service might.
 */
final class FakeWebhookReceiver {

  record Received(String method, String uri, MultiMap headers, Buffer body) {

    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private HttpServer server;

  Future<Integer> start(Vertx vertx) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    return server.requestHandler(request -> request.body().onSuccess(body -> {
      received.add(new Received(request.method().name(), request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      String answer = status / 100 == 2 ? "{\"ok\":true}"
          : "{\"ok\":false,\"description\":\"refused " + request.headers().get("Authorization") + " at " + request.uri() + "\"}";
      request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer);
    })).listen().map(HttpServer::actualPort);
  }

  void answer(int status) {
    this.status = status;
  }

  List<Received> received() {
    return received;
  }

  Received only() {
    if (received.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + received.size() + ": " + received);
    }
    return received.get(0);
  }
}
