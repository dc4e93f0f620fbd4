package io.pistream.camera;

import io.vertx.core.json.JsonObject;

/** One kept history picture: when it was taken (epoch ms) and the bytes its file takes. */
record StoredPicture(long ts, long bytes) {

  JsonObject toJson() {
    return new JsonObject().put("ts", ts).put("bytes", bytes);
  }
}
