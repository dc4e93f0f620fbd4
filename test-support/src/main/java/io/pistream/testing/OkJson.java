package io.pistream.testing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** For checks that ask an HTTP API: the JSON body of a 200 answer, or a failure that tells what came instead. */
public final class OkJson {

  public static Future<JsonObject> body(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(new IllegalStateException("answered " + response.statusCode() + ": " + response.bodyAsString()));
    }
    return Future.succeededFuture(response.bodyAsJsonObject());
  }

  private OkJson() {
  }
}
