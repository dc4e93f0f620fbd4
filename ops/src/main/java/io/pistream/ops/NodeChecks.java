package io.pistream.ops;

import io.pistream.contracts.Addresses;
import io.pistream.contracts.CameraState;
import io.pistream.contracts.CameraStatus;
import io.pistream.contracts.NodeHealth;
import io.pistream.contracts.SensorState;
import io.pistream.contracts.SensorStatus;
import io.pistream.contracts.StorageState;
import io.pistream.contracts.StorageStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's health procedures, one per component, in vertx-health-check's {@link HealthChecks}:
 * {@code sensor/<id>} and {@code camera/<id>} for each of its sensors and cameras (registered when their
 * first status arrives), {@code storage} with its last write (from the start when the node has the storage
 * role: no status yet is not ready), {@code cluster} when this Vert.x is clustered, and {@code http} once
 * the owner's server listens. The procedures answer from the latest statuses on the bus, this node's only;
 * the same statuses feed the {@link StatusMeters}. Runs on the context of the verticle that starts it.
 */
public final class NodeChecks {

  private static final Logger log = LoggerFactory.getLogger(NodeChecks.class);
  public static final String SENSOR = "sensor";
  public static final String CAMERA = "camera";
  public static final String STORAGE = "storage";
  public static final String CLUSTER = "cluster";
  public static final String HTTP = "http";
  /** Down, any of these makes the node not ready; a failing sensor or camera only degrades it. */
  static final Set<String> CRITICAL = Set.of(STORAGE, CLUSTER, HTTP);

  private final Vertx vertx;
  private final String nodeId;
  private final boolean storageRole;
  private final HealthChecks checks;
  private final StatusMeters meters;
  private final Map<String, SensorStatus> sensors = new HashMap<>();
  private final Map<String, CameraStatus> cameras = new HashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private StorageStatus storage;
  private boolean storageRegistered;
  private boolean httpListening;

  /**
   * @param nodeId whose statuses count
   * @param storageRole the node runs storage: readiness waits for its first status
   */
  public NodeChecks(Vertx vertx, String nodeId, boolean storageRole) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.storageRole = storageRole;
    this.checks = HealthChecks.create(vertx);
    this.meters = new StatusMeters(OpsMeters.registry());
  }

  /**
   * Listens to the statuses; completes once the consumers are registered.
   *
   * @param askForStatus ask every part to report now; false when the owner asks itself, after this start
   */
  public Future<Void> start(boolean askForStatus) {
    if (storageRole) {
      registerStorage();
    }
    if (vertx.isClustered()) {
      checks.register(CLUSTER, promise -> {
        var manager = ((VertxInternal) vertx).clusterManager();
        JsonObject data = new JsonObject().put("members", manager.getNodes().size());
        promise.complete(manager.isActive() ? Status.OK(data) : Status.KO(data.put("detail", "not a member of the cluster")));
      });
    }
    checks.register(HTTP, promise -> promise.complete(httpListening ? Status.OK() : Status.KO(new JsonObject().put("detail", "not listening"))));
    listen(Addresses.SENSOR_STATUS, SensorStatus::fromJson, SensorStatus::node, this::heardSensor);
    listen(Addresses.CAMERA_STATUS, CameraStatus::fromJson, CameraStatus::node, this::heardCamera);
    listen(Addresses.STORAGE_STATUS, StorageStatus::fromJson, StorageStatus::node, this::heardStorage);
    listen(Addresses.NODE_HEALTH, NodeHealth::fromJson, NodeHealth::node, meters::health);
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .onSuccess(registered -> {
          if (!askForStatus) {
            return;
          }
          vertx.eventBus().publish(Addresses.SENSOR_STATUS_REFRESH, new JsonObject());
          vertx.eventBus().publish(Addresses.CAMERA_STATUS_REFRESH, new JsonObject());
          vertx.eventBus().publish(Addresses.STORAGE_STATUS_REFRESH, new JsonObject());
        })
        .mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** The owner's HTTP server listens (or stopped). */
  public void httpListening(boolean listening) {
    this.httpListening = listening;
  }

  public HealthChecks checks() {
    return checks;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Runs every procedure: the composite result, its top-level checks named by component. */
  public Future<CheckResult> run() {
    return checks.checkStatus();
  }

  private <T> void listen(String address, Function<JsonObject, T> parse, Function<T, String> node, Consumer<T> heard) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(address, message -> {
      T status;
      try {
        status = parse.apply(message.body());
      } catch (RuntimeException e) {
        log.debug("ignored a malformed message on {}: {}", address, e.getMessage());
        return;
      }
      if (nodeId.equals(node.apply(status))) {
        heard.accept(status);
      }
    }));
  }

  private void heardSensor(SensorStatus status) {
    meters.sensor(status);
    if (sensors.put(status.sensor(), status) == null) {
      String id = status.sensor();
      checks.register(SENSOR + "/" + id, promise -> sensorCheck(sensors.get(id), promise));
    }
  }

  private static void sensorCheck(SensorStatus status, Promise<Status> promise) {
    JsonObject data = new JsonObject().put("state", status.state().wire()).put("lastReadingTs", status.lastReadingTs());
    if (!status.detail().isEmpty()) {
      data.put("detail", status.detail());
    }
    boolean up = status.state() == SensorState.OK || status.state() == SensorState.STARTING;
    promise.complete(up ? Status.OK(data) : Status.KO(data));
  }

  private void heardCamera(CameraStatus status) {
    meters.camera(status);
    if (cameras.put(status.camera(), status) == null) {
      String id = status.camera();
      checks.register(CAMERA + "/" + id, promise -> {
        CameraStatus latest = cameras.get(id);
        JsonObject data = new JsonObject().put("state", latest.state().wire()).put("profile", latest.profile());
        if (!latest.detail().isEmpty()) {
          data.put("detail", latest.detail());
        }
        promise.complete(latest.state() != CameraState.FAILED ? Status.OK(data) : Status.KO(data));
      });
    }
  }

  private void heardStorage(StorageStatus status) {
    meters.storage(status);
    storage = status;
    registerStorage();
  }

  private void registerStorage() {
    if (storageRegistered) {
      return;
    }
    storageRegistered = true;
    checks.register(STORAGE, promise -> {
      StorageStatus latest = storage;
      if (latest == null) {
        promise.complete(Status.KO(new JsonObject().put("detail", "storage has not reported yet")));
        return;
      }
      JsonObject data = new JsonObject()
          .put("state", latest.state().wire())
          .put("lastWriteTs", latest.lastWriteTs())
          .put("pendingReadings", latest.pendingReadings())
          .put("databaseBytes", latest.databaseBytes());
      if (!latest.detail().isEmpty()) {
        data.put("detail", latest.detail());
      }
      promise.complete(latest.state() == StorageState.OK ? Status.OK(data) : Status.KO(data));
    });
  }
}
