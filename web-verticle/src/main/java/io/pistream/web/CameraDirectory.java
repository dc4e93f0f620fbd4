package io.pistream.web;

import io.pistream.contracts.CameraStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every camera of every node, as last reported on the camera status address or in a reply. */
final class CameraDirectory {

  private final Map<String, CameraStatus> cameras = new LinkedHashMap<>();

  void update(CameraStatus status) {
    cameras.put(key(status.node(), status.camera()), status);
  }

  Optional<CameraStatus> find(String node, String camera) {
    return Optional.ofNullable(cameras.get(key(node, camera)));
  }

  /** The configured camera of this node, else the first this node reported. */
  Optional<CameraStatus> defaultCamera(String node, String configured) {
    if (!configured.isBlank()) {
      return find(node, configured);
    }
    return cameras.values().stream().filter(status -> status.node().equals(node)).findFirst();
  }

  List<CameraStatus> all() {
    return new ArrayList<>(cameras.values());
  }

  static String key(String node, String camera) {
    return node + "/" + camera;
  }
}
