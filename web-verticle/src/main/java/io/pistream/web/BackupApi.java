package io.pistream.web;

import io.pistream.contracts.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/admin/backup} (admins only): a consistent copy of this node's database as a download.
 * Storage writes the copy to a temporary file ({@link Addresses#storageBackup}); this route streams it
 * and deletes it. Only the storage of this node is asked, since the file must be on this machine: a web
 * node without storage answers 409 and names the command to run on a storage node instead.
 */
final class BackupApi {

  static final String PATH = "/api/admin/backup";
  static final String CONTENT_TYPE = "application/vnd.sqlite3";
  /** A copy of a large database on an SD card takes a while; far longer than a query may. */
  static final long TIMEOUT_MS = 15 * 60_000L;

  private static final Logger log = LoggerFactory.getLogger(BackupApi.class);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

  private final Vertx vertx;
  private final String node;
  private final AccessControl access;
  private final ZoneId zone;

  BackupApi(Vertx vertx, String node, AccessControl access, ZoneId zone) {
    this.vertx = vertx;
    this.node = node;
    this.access = access;
    this.zone = zone;
  }

  void mount(Router router) {
    router.get(PATH).handler(access.adminOnly()).handler(this::download);
  }

  static String fileName(String node, Instant at, ZoneId zone) {
    return "pistream-" + node + "-" + DATE.format(at.atZone(zone)) + ".db";
  }

  private void download(RoutingContext ctx) {
    try {
      QueryParameters.of(ctx.queryParams(), Set.of());
    } catch (BadParameterException e) {
      HttpErrors.badRequest(ctx, e.parameter(), e.getMessage());
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.storageBackup(node), new JsonObject(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(TIMEOUT_MS))
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
            HttpErrors.send(ctx, 409, "no_storage_here", "node " + node + " runs no storage, and a backup is made where the database is:"
                + " download it from a web node that also runs storage, or run 'pistream backup FILE' on the storage node");
          } else {
            HttpErrors.fromBus(ctx, e);
          }
        })
        .onSuccess(answer -> {
          String path = answer.body().getString("path");
          if (ctx.response().closed()) {
            delete(path);
            return;
          }
          ctx.response()
              .putHeader("Content-Type", CONTENT_TYPE)
              .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(node, Instant.now(), zone) + "\"")
              .putHeader("Cache-Control", "no-store")
              .sendFile(path)
              .onComplete(sent -> {
                if (sent.failed()) {
                  log.warn("sending the backup {} to {} stopped: {}", path, ctx.request().remoteAddress(), sent.cause().toString());
                }
                delete(path);
              });
        });
  }

  private void delete(String path) {
    vertx.fileSystem().delete(path).onFailure(e -> log.warn("could not delete the downloaded backup copy {}: {}", path, e.toString()));
  }
}
