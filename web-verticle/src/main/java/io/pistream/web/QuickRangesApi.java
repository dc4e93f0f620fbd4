package io.pistream.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code GET /api/ranges}: the named ranges {@code /api/readings} accepts, for the history page's buttons. */
final class QuickRangesApi {

  private static final JsonObject RANGES =
      new JsonObject().put("ranges", new JsonArray(QuickRange.ALL.stream().map(QuickRange::toJson).toList()));

  void mount(Router router) {
    router.get("/api/ranges").handler(this::ranges);
  }

  private void ranges(RoutingContext ctx) {
    try {
      QueryParameters.of(ctx.queryParams(), Set.of());
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    JsonResponses.send(ctx, RANGES);
  }
}
