package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;

/**
 * {@code GET /api/alerts}: the alerts firing now and the recent ones, asked of the cluster's alerts node
 * on {@link Addresses#ALERTS_LIST}. The dashboard shows the firing ones as a banner and follows
 * {@link Addresses#ALERTS} over the bridge for changes.
 */
final class AlertsApi {

  private static final DeliveryOptions ASKING = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;

  AlertsApi(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.get("/api/alerts").handler(ctx -> {
      try {
        QueryParameters.of(ctx.queryParams(), Set.of());
      } catch (BadParameterException e) {
        HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
        return;
      }
      vertx.eventBus().<JsonObject>request(Addresses.ALERTS_LIST, new JsonObject(), ASKING).onComplete(answer -> {
        if (answer.succeeded()) {
          JsonResponses.send(ctx, answer.result().body());
        } else if (answer.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
          HttpErrors.send(ctx, 503, "unavailable", "no node runs the alerts role (node.roles), so there are no alerts to show");
        } else {
          HttpErrors.fromBus(ctx, answer.cause());
        }
      });
    });
  }
}
