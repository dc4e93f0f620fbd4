package io.pistream.camera;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraDemand;
import io.pistream.contracts.CameraStatus;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Config and bus helpers shared by the verticle tests: small, fast profiles and short timeouts. */
final class CameraTests {

  static final String NODE = "n1";

  static JsonObject section(JsonObject... cameras) {
    JsonArray list = new JsonArray();
    for (JsonObject camera : cameras) {
      list.add(camera);
    }
    return new JsonObject()
        .put("node", new JsonObject().put("id", NODE).put("name", "Node one"))
        .put("profiles", new JsonArray()
            .add(new JsonObject().put("name", "small").put("width", 160).put("height", 120).put("fps", 20).put("viewerCap", 3))
            .add(new JsonObject().put("name", "tiny").put("width", 80).put("height", 64).put("fps", 20).put("viewerCap", 9)))
        .put("defaultProfile", "small")
        .put("idleTimeoutSeconds", 0.5)
        .put("stallSeconds", 5)
        .put("snapshotTimeoutSeconds", 10)
        .put("restartBackoffInitialMs", 200)
        .put("restartBackoffMaxMs", 1000)
        .put("syntheticLoopFrames", 4)
        .put("cameras", list);
  }

  static JsonObject synthetic(String id) {
    return new JsonObject().put("id", id).put("source", "synthetic");
  }

  /** Camera {@code id} as the verticle sees it in {@code section(synthetic(id))}, for tests without a verticle. */
  static CameraSettings syntheticSettings(String id) {
    return CameraConfig.parse(section(synthetic(id))).cameras().get(0);
  }

  static Future<String> deploy(Vertx vertx, JsonObject section) {
    return vertx.deployVerticle(new CameraVerticle(), new DeploymentOptions().setConfig(section));
  }

  static Future<Message<Object>> demand(Vertx vertx, String camera, long leaseMs) {
    return demand(vertx, camera, "test-web", leaseMs);
  }

  static Future<Message<Object>> demand(Vertx vertx, String camera, String consumer, long leaseMs) {
    return vertx.eventBus().request(Addresses.cameraDemand(NODE, camera), new CameraDemand(consumer, leaseMs).toJson());
  }

  static CameraStatus status(Message<?> message) {
    return CameraStatus.fromJson((JsonObject) message.body());
  }

  private CameraTests() {
  }
}
