package io.pistream.contracts;

/**
 * Every event-bus address pistream uses. {@code docs/EVENT-BUS.md} documents who publishes and who
 * consumes each one, and the message shape.
 */
public final class Addresses {

  /** Published by the sensor verticle: one {@link Reading} per accepted read. */
  public static final String SENSOR_READINGS = "sensor.readings";

  /** Published by the sensor verticle on every state change and periodically: {@link SensorStatus}. */
  public static final String SENSOR_STATUS = "sensor.status";

  /**
   * Published by anyone who wants the current status of every sensor (for example the web verticle at
   * start): each sensor verticle answers by publishing a fresh {@link SensorStatus} per sensor on
   * {@link #SENSOR_STATUS}. A publish rather than a request, so that every node answers.
   */
  public static final String SENSOR_STATUS_REFRESH = "sensor.status.refresh";

  /** Request to storage: {@link LatestQuery} in, {@code {"readings": [Reading...]}} out. */
  public static final String STORAGE_LATEST = "storage.readings.latest";

  /** Request to storage: {@code {}} in, {@code {"sensors": [SensorInfo...]}} out. */
  public static final String STORAGE_SENSORS = "storage.sensors.list";

  /** Request to storage: {@link HistoryQuery} in, {@link HistoryResult} out. */
  public static final String STORAGE_HISTORY = "storage.readings.history";

  /**
   * Request to storage: {@link StoreBatch} in, {@code {"stored": n}} out once the readings are queued
   * for writing. The acknowledged path: storage persists readings only from here (never from the
   * {@link #SENSOR_READINGS} publish, which is for live views), and storing is idempotent on
   * (node, sensor, ts), so a sender may resend a batch whose answer it missed.
   */
  public static final String STORAGE_STORE = "storage.readings.store";

  /**
   * Published by a storage node for each batch it accepted on {@link #STORAGE_STORE}:
   * {@code {"from": "<its node id>", "readings": [Reading...]}}, so that every other storage node of a
   * cluster stores the readings too (best effort: a storage node that is down meanwhile misses them).
   */
  public static final String STORAGE_REPLICATE = "storage.readings.replicate";

  /**
   * Published by each storage node of a cluster at start and every anti-entropy period:
   * {@link SyncHello}, so that storage nodes find each other and compare what they hold.
   */
  public static final String STORAGE_SYNC_HELLO = "storage.sync.hello";

  /**
   * Published by each storage node on every state change and every {@code storage.statusEverySeconds}:
   * {@link StorageStatus}.
   */
  public static final String STORAGE_STATUS = "storage.status";

  /**
   * Published by anyone who wants every storage node's current status: each storage verticle answers by
   * publishing a fresh {@link StorageStatus} on {@link #STORAGE_STATUS}.
   */
  public static final String STORAGE_STATUS_REFRESH = "storage.status.refresh";

  /** Published by every node every few seconds: {@link NodePresence}. */
  public static final String NODE_PRESENCE = "node.presence";

  /**
   * Published by every node every {@code node.healthEverySeconds}: {@link NodeHealth} (SoC temperature,
   * under-voltage and throttling flags, free space of the data dir).
   */
  public static final String NODE_HEALTH = "node.health";

  /**
   * Request to a web node: {@code {}} in, {@code {"nodes": [NodeInfo...]}} out: every node heard, with
   * whether it is online.
   */
  public static final String NODE_LIST = "web.nodes.list";

  /** Published by camera verticles on every state change and once a second while streaming. */
  public static final String CAMERA_STATUS = "camera.status";

  /**
   * Published by anyone who wants every camera's current status: each camera verticle answers on
   * {@link #CAMERA_STATUS}.
   */
  public static final String CAMERA_STATUS_REFRESH = "camera.status.refresh";

  /** Change events of all cameras: {@link CameraChange}, published as they happen. */
  public static final String CAMERA_CHANGES = "camera.changes";

  /**
   * Published by the alerts node whenever an alert fires, repeats or resolves: {@link AlertEvent}.
   * Bridged to the dashboard, which shows firing alerts as a banner.
   */
  public static final String ALERTS = "alerts.events";

  /**
   * Request to the alerts node: {@code {}} in, {@code {"active": [AlertEvent...], "recent":
   * [AlertEvent...], "deliveries": {...}}} out: the alerts firing now, the latest history (newest
   * first), and the notification queue's counters.
   */
  public static final String ALERTS_LIST = "alerts.list";

  /**
   * Request to one storage node: {@link SyncDigest} in (the asker's digests of some buckets of raw
   * readings), {@link SyncDiff} out (the buckets where this node's digests differ and it holds readings).
   */
  public static String storageSyncDigest(String node) {
    return "storage." + node + ".sync.digest";
  }

  /** Request to one storage node: {@link SyncFetch} in, {@link SyncRows} out (one page of its raw readings). */
  public static String storageSyncFetch(String node) {
    return "storage." + node + ".sync.fetch";
  }

  /**
   * Request to one storage node, on that node only (a local consumer; send with
   * {@code DeliveryOptions.setLocalOnly(true)}): {@code {}} in; storage writes a consistent copy of its
   * database (VACUUM INTO, integrity-checked) to a temporary file in its data directory and answers
   * {@code {"node", "path", "bytes", "rawReadings", "sensors", "millis"}}. The asker streams the file and
   * deletes it; storage deletes leftovers of such copies at its next start. Local only because the path is
   * a path on this machine.
   */
  public static String storageBackup(String node) {
    return "storage." + node + ".backup";
  }

  /** Frames of one camera: a JPEG {@code Buffer} body with {@link FrameHeaders}. */
  public static String cameraFrames(String node, String camera) {
    return "camera." + node + "." + camera + ".frames";
  }

  /**
   * Demand for one camera's frames: {@link CameraDemand} in, the camera's {@link CameraStatus} out.
   * A consumer repeats it while it wants frames; the camera stops after its idle timeout without one.
   */
  public static String cameraDemand(String node, String camera) {
    return "camera." + node + "." + camera + ".demand";
  }

  /** One fresh JPEG of one camera: {@code {}} in, a {@link CameraFrame} out (local codec: same JVM or cluster). */
  public static String cameraSnapshot(String node, String camera) {
    return "camera." + node + "." + camera + ".snapshot";
  }

  /** Switch one camera's quality profile: {@code {"profile": name}} in, {@link CameraStatus} out. */
  public static String cameraProfile(String node, String camera) {
    return "camera." + node + "." + camera + ".profile";
  }

  /**
   * Switch one camera off for privacy or on again (admins only, checked by the web side):
   * {@code {"on": boolean}} in, {@link CameraStatus} out.
   */
  public static String cameraPrivacy(String node, String camera) {
    return "camera." + node + "." + camera + ".privacy";
  }

  /**
   * The history pictures one camera keeps: {@code {"from": ms, "to": ms}} in,
   * {@code {"snapshots": [{"ts": ms, "bytes": n}], "status": SnapshotHistoryStatus}} out, oldest first.
   * Optional in: {@code "limit"} (default 5000), beyond which the range's pictures are thinned evenly;
   * out: {@code "total"}, how many the range holds. A camera without history answers an empty list.
   */
  public static String cameraHistoryList(String node, String camera) {
    return "camera." + node + "." + camera + ".history.list";
  }

  /**
   * One kept history picture: {@code {"ts": ms}} in (absent: now), the {@link CameraFrame} nearest that time out
   * ({@code ts} its capture time); {@code NOT_FOUND} when the camera keeps none.
   */
  public static String cameraHistoryPicture(String node, String camera) {
    return "camera." + node + "." + camera + ".history.picture";
  }

  /**
   * The change events one camera kept: {@code {"from": ms, "to": ms}} in, {@code {"changes": [CameraChange]}} out,
   * oldest first.
   */
  public static String cameraChangesList(String node, String camera) {
    return "camera." + node + "." + camera + ".changes.list";
  }

  private Addresses() {
  }
}
