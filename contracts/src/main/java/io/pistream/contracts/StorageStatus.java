package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * A storage node's health, as published on {@link Addresses#STORAGE_STATUS}.
 *
 * @param node the storage node's id
 * @param state current state
 * @param detail why storage is failing ("disk full: ..."); empty when ok
 * @param since when the current state began, epoch ms
 * @param lastWriteTs when a write last committed, epoch ms, 0 if none since start
 * @param pendingReadings readings accepted and held in memory, not yet committed
 * @param writtenReadings readings committed since start, duplicates not counted
 * @param refusedReadings readings refused since start because the backlog was full; their senders keep them
 * @param droppedReadings readings dropped since start: malformed, or replicated ones that found the backlog full
 * @param databaseBytes size of the database file plus its write-ahead log
 * @param diskFreeBytes space left for the database on its file system (usable by pistream), -1 if unknown
 * @param diskTotalBytes size of that file system, -1 if unknown
 * @param lastBackupTs when the last scheduled backup was written, epoch ms; 0 if none since start
 * @param backupFailures scheduled backups that failed since start
 * @param backupProblem why the latest scheduled backup failed; empty once one succeeds again
 */
public record StorageStatus(
    String node,
    StorageState state,
    String detail,
    long since,
    long lastWriteTs,
    long pendingReadings,
    long writtenReadings,
    long refusedReadings,
    long droppedReadings,
    long databaseBytes,
    long diskFreeBytes,
    long diskTotalBytes,
    long lastBackupTs,
    long backupFailures,
    String backupProblem) {

  /** A status without the backup figures: none made, none failed. */
  public StorageStatus(String node, StorageState state, String detail, long since, long lastWriteTs, long pendingReadings,
      long writtenReadings, long refusedReadings, long droppedReadings, long databaseBytes, long diskFreeBytes, long diskTotalBytes) {
    this(node, state, detail, since, lastWriteTs, pendingReadings, writtenReadings, refusedReadings, droppedReadings, databaseBytes,
        diskFreeBytes, diskTotalBytes, 0, 0, "");
  }

  /** A status without the disk figures, which read as unknown (-1). */
  public StorageStatus(String node, StorageState state, String detail, long since, long lastWriteTs, long pendingReadings,
      long writtenReadings, long refusedReadings, long droppedReadings, long databaseBytes) {
    this(node, state, detail, since, lastWriteTs, pendingReadings, writtenReadings, refusedReadings, droppedReadings, databaseBytes, -1, -1);
  }

  /** Free space of the database's file system in percent, or -1 when unknown. */
  public double diskFreePercent() {
    return diskFreeBytes < 0 || diskTotalBytes <= 0 ? -1 : 100.0 * diskFreeBytes / diskTotalBytes;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("state", state.wire())
        .put("detail", detail)
        .put("since", since)
        .put("lastWriteTs", lastWriteTs)
        .put("pendingReadings", pendingReadings)
        .put("writtenReadings", writtenReadings)
        .put("refusedReadings", refusedReadings)
        .put("droppedReadings", droppedReadings)
        .put("databaseBytes", databaseBytes)
        .put("diskFreeBytes", diskFreeBytes)
        .put("diskTotalBytes", diskTotalBytes)
        .put("lastBackupTs", lastBackupTs)
        .put("backupFailures", backupFailures)
        .put("backupProblem", backupProblem);
  }

  public static StorageStatus fromJson(JsonObject json) {
    return new StorageStatus(
        Messages.requireText(json.getString("node"), "node"),
        StorageState.fromWire(json.getString("state")),
        json.getString("detail", ""),
        json.getLong("since", 0L),
        json.getLong("lastWriteTs", 0L),
        json.getLong("pendingReadings", 0L),
        json.getLong("writtenReadings", 0L),
        json.getLong("refusedReadings", 0L),
        json.getLong("droppedReadings", 0L),
        json.getLong("databaseBytes", 0L),
        json.getLong("diskFreeBytes", -1L),
        json.getLong("diskTotalBytes", -1L),
        json.getLong("lastBackupTs", 0L),
        json.getLong("backupFailures", 0L),
        json.getString("backupProblem", ""));
  }
}
