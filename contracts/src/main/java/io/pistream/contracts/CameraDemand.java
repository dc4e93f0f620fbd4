package io.pistream.contracts;

import io.vertx.core.json.JsonObject;

/**
 * Sent to {@link Addresses#cameraDemand} by a consumer that wants frames: the camera captures while
 * at least one consumer's lease is running and stops after its idle timeout once all have lapsed or
 * been released. A {@code leaseMs} of 0 is a release: this consumer no longer wants frames, its lease
 * ends now (the camera answers with its status as for any demand and never starts for it). A negative
 * {@code leaseMs} is refused with {@link Failures#BAD_REQUEST}.
 *
 * @param consumer who wants frames (a web node's id); a node counts once however many watch through it
 * @param leaseMs how long this demand holds, the consumer repeating it before it runs out; 0 releases it
 */
public record CameraDemand(String consumer, long leaseMs) {

  public JsonObject toJson() {
    return new JsonObject().put("consumer", consumer).put("leaseMs", leaseMs);
  }

  public static CameraDemand fromJson(JsonObject json) {
    return new CameraDemand(Messages.requireText(json.getString("consumer"), "consumer"), Messages.requireLong(json, "leaseMs"));
  }
}
