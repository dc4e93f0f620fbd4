package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * The machine's own health, as published on {@link Addresses#NODE_HEALTH} by every node: what a Pi in a
 * hot cupboard or on a weak power supply shows before it misbehaves. Each reading is null where the
 * machine has no such thing (a laptop has no firmware throttling flags); that is not a fault.
 *
 * @param node the node id
 * @param ts when it was read, epoch ms
 * @param socTemperatureC the SoC's temperature (the first thermal zone), null if unknown
 * @param underVoltageNow the supply is below 4.63 V now (firmware flag), null if unknown
 * @param underVoltageSinceBoot it was at some point since boot
 * @param throttledNow the firmware slows the CPU now (heat or voltage)
 * @param throttledSinceBoot it did at some point since boot
 * @param frequencyCappedNow the ARM frequency is capped now
 * @param dataDirFreeBytes free space (usable by pistream) of the file system holding the data dir, -1 if unknown
 * @param dataDirTotalBytes size of that file system, -1 if unknown
 */
public record NodeHealth(
    String node,
    long ts,
    Double socTemperatureC,
    Boolean underVoltageNow,
    Boolean underVoltageSinceBoot,
    Boolean throttledNow,
    Boolean throttledSinceBoot,
    Boolean frequencyCappedNow,
    long dataDirFreeBytes,
    long dataDirTotalBytes) {

  public NodeHealth {
    Messages.requireText(node, "node");
  }

  /** Free space of the data dir's file system in percent, or -1 when unknown. */
  public double dataDirFreePercent() {
    return dataDirFreeBytes < 0 || dataDirTotalBytes <= 0 ? -1 : 100.0 * dataDirFreeBytes / dataDirTotalBytes;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("node", node)
        .put("ts", ts)
        .put("socTemperatureC", socTemperatureC)
        .put("underVoltageNow", underVoltageNow)
        .put("underVoltageSinceBoot", underVoltageSinceBoot)
        .put("throttledNow", throttledNow)
        .put("throttledSinceBoot", throttledSinceBoot)
        .put("frequencyCappedNow", frequencyCappedNow)
        .put("dataDirFreeBytes", dataDirFreeBytes)
        .put("dataDirTotalBytes", dataDirTotalBytes);
  }

  /** @throws IllegalArgumentException naming the missing or malformed field */
  public static NodeHealth fromJson(JsonObject json) {
    return new NodeHealth(
        json.getString("node"),
        Messages.requireLong(json, "ts"),
        json.getDouble("socTemperatureC"),
        json.getBoolean("underVoltageNow"),
        json.getBoolean("underVoltageSinceBoot"),
        json.getBoolean("throttledNow"),
        json.getBoolean("throttledSinceBoot"),
        json.getBoolean("frequencyCappedNow"),
        json.getLong("dataDirFreeBytes", -1L),
        json.getLong("dataDirTotalBytes", -1L));
  }
}
