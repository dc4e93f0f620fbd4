package io.pistream.camera;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.pistream.contracts.ConfigSections;
import io.pistream.contracts.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validated {@code camera} config section; every error names the full setting path. */
record CameraConfig(
    List<CameraSettings> cameras,
    long idleTimeoutMs,
    long stallMs,
    long snapshotTimeoutMs,
    long restartBackoffInitialMs,
    long restartBackoffMaxMs,
    int maxFrameBytes,
    int syntheticLoopFrames,
    Path dataDir) {

  private static final String SECTION = ConfigSections.CAMERA;
  private static final Set<String> SECTION_KEYS = Set.of("node", "cameras", "profiles", "defaultProfile",
      "idleTimeoutSeconds", "stallSeconds", "snapshotTimeoutSeconds", "restartBackoffInitialMs",
      "restartBackoffMaxMs", "maxFrameBytes", "syntheticLoopFrames", "dataDir");
  private static final Set<String> CAMERA_KEYS = Set.of("id", "name", "source", "profile", "profiles", "rotation",
      "hflip", "vflip", "command", "extraArgs", "device", "inputFormat", "url", "file", "ladderFps", "history");
  private static final Set<String> PROFILE_KEYS = Set.of("name", "width", "height", "fps", "quality", "viewerCap");

  CameraConfig {
    cameras = List.copyOf(cameras);
  }

  /** Where camera {@code id} of {@code node} keeps its history pictures. */
  Path historyDirectory(String node, String id) {
    return HistorySettings.directory(dataDir, node, id);
  }

  static CameraConfig parse(JsonObject section) {
    ConfigReader reader = new ConfigReader(section, SECTION);
    requireKnownKeys(reader, SECTION_KEYS);
    List<Profile> sharedProfiles = reader.json().containsKey("profiles")
        ? profiles(reader, "profiles")
        : Profile.defaults();
    String defaultProfile = reader.string("defaultProfile", Profile.DEFAULT_NAME);
    if (sharedProfiles.stream().noneMatch(p -> p.name().equals(defaultProfile))) {
      throw new ConfigException(reader.path("defaultProfile") + ": unknown profile '" + defaultProfile + "', expected one of "
          + String.join(", ", sharedProfiles.stream().map(Profile::name).toList()));
    }
    long initialBackoff = reader.integer("restartBackoffInitialMs", 500, 10, 600_000);
    long maxBackoff = reader.integer("restartBackoffMaxMs", 30_000, 10, 3_600_000);
    if (maxBackoff < initialBackoff) {
      throw new ConfigException(reader.path("restartBackoffMaxMs") + " must be at least restartBackoffInitialMs ("
          + initialBackoff + "), got " + maxBackoff);
    }
    List<CameraSettings> cameras = new ArrayList<>();
    Map<String, Integer> indexById = new HashMap<>();
    JsonArray list = reader.list("cameras");
    for (int i = 0; i < list.size(); i++) {
      ConfigReader camera = reader.element("cameras", i);
      CameraSettings settings = camera(camera, sharedProfiles, defaultProfile);
      Integer previous = indexById.putIfAbsent(settings.id(), i);
      if (previous != null) {
        throw new ConfigException(camera.path("id") + " '" + settings.id() + "' is already used by "
            + reader.path("cameras") + "[" + previous + "]");
      }
      cameras.add(settings);
    }
    return new CameraConfig(
        cameras,
        millis(reader, "idleTimeoutSeconds", 10, 0.1, 86_400),
        millis(reader, "stallSeconds", 5, 0.2, 3_600),
        millis(reader, "snapshotTimeoutSeconds", 10, 0.2, 600),
        initialBackoff,
        maxBackoff,
        (int) reader.integer("maxFrameBytes", 4 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024),
        (int) reader.integer("syntheticLoopFrames", 48, 1, 1_000),
        // The launcher fills in storage.dataDir when it is empty.
        Path.of(reader.string("dataDir", "").isBlank() ? "./data" : reader.string("dataDir", "")));
  }

  private static CameraSettings camera(ConfigReader camera, List<Profile> sharedProfiles, String defaultProfile) {
    requireKnownKeys(camera, CAMERA_KEYS);
    String id = camera.requiredString("id");
    Ids.require(id, camera.path("id"));
    String name = camera.string("name", "");
    SourceType source = SourceType.fromWire(camera.oneOf("source", SourceType.SYNTHETIC.wire(), SourceType.wireNames()));
    List<Profile> profiles = camera.json().containsKey("profiles") ? profiles(camera, "profiles") : sharedProfiles;
    List<String> names = profiles.stream().map(Profile::name).toList();
    String profile = camera.string("profile", "");
    if (profile.isBlank()) {
      profile = names.contains(defaultProfile) ? defaultProfile : names.get(0);
    } else if (!names.contains(profile)) {
      throw new ConfigException(camera.path("profile") + ": unknown profile '" + profile + "', expected one of " + String.join(", ", names));
    }
    int rotation = (int) camera.integer("rotation", 0, 0, 180);
    if (rotation != 0 && rotation != 180) {
      throw new ConfigException(camera.path("rotation") + " must be 0 or 180, got " + rotation);
    }
    boolean hflip = camera.bool("hflip", false);
    boolean vflip = camera.bool("vflip", false);
    if (!source.canTransform() && (rotation != 0 || hflip || vflip)) {
      throw new ConfigException(camera.path("rotation") + "/hflip/vflip: a " + source.wire()
          + " source passes frames through unchanged; rotate or flip at the sending camera");
    }
    String command = camera.string("command", "");
    if (command.isBlank()) {
      command = switch (source) {
        case RPICAM -> "rpicam-vid";
        case V4L2 -> "ffmpeg";
        default -> "";
      };
    }
    List<String> extraArgs = new ArrayList<>();
    for (Object arg : camera.list("extraArgs")) {
      if (arg instanceof JsonObject || arg instanceof JsonArray || arg == null) {
        throw new ConfigException(camera.path("extraArgs") + " must be a list of single values");
      }
      extraArgs.add(String.valueOf(arg));
    }
    String location = switch (source) {
      case MJPEG_URL -> url(camera);
      case FILE -> camera.requiredString("file");
      default -> "";
    };
    return new CameraSettings(id, name.isBlank() ? id : name, source, profiles, profile, rotation, hflip, vflip,
        command, extraArgs, camera.string("device", "/dev/video0"), camera.string("inputFormat", "mjpeg"), location,
        ladderFps(camera), HistorySettings.parse(camera));
  }

  private static List<Integer> ladderFps(ConfigReader camera) {
    if (!camera.json().containsKey("ladderFps")) {
      return FpsLadder.DEFAULT_STEPS;
    }
    JsonArray list = camera.list("ladderFps");
    if (list.isEmpty()) {
      throw new ConfigException(camera.path("ladderFps") + " must list at least one rate, e.g. [24, 12, 6, 1]; [24] turns the ladder off");
    }
    List<Integer> steps = new ArrayList<>();
    for (Object step : list) {
      if (!(step instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
          || number.intValue() < 1 || number.intValue() > 120) {
        throw new ConfigException(camera.path("ladderFps") + " must hold whole frame rates from 1 to 120, got " + step);
      }
      steps.add(number.intValue());
    }
    return steps;
  }

  private static String url(ConfigReader camera) {
    String url = camera.requiredString("url");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new ConfigException(camera.path("url") + " must start with http:// or https://, got '" + url + "'");
    }
    return url;
  }

  static List<Profile> profiles(ConfigReader owner, String key) {
    JsonArray list = owner.list(key);
    if (list.isEmpty()) {
      throw new ConfigException(owner.path(key) + " must name at least one profile");
    }
    List<Profile> profiles = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigReader entry = owner.element(key, i);
      requireKnownKeys(entry, PROFILE_KEYS);
      String name = entry.requiredString("name");
      Ids.require(name, entry.path("name"));
      if (profiles.stream().anyMatch(p -> p.name().equals(name))) {
        throw new ConfigException(entry.path("name") + " '" + name + "' is defined twice in " + owner.path(key));
      }
      profiles.add(new Profile(
          name,
          (int) required(entry, "width", 16, 8192),
          (int) required(entry, "height", 16, 8192),
          (int) required(entry, "fps", 1, 120),
          (int) entry.integer("quality", 80, 1, 100),
          (int) required(entry, "viewerCap", 1, 100_000)));
    }
    return profiles;
  }

  private static long required(ConfigReader entry, String key, long min, long max) {
    if (!entry.json().containsKey(key)) {
      throw new ConfigException(entry.path(key) + " is required");
    }
    return entry.integer(key, 0, min, max);
  }

  private static long millis(ConfigReader reader, String key, double fallback, double min, double max) {
    return Math.round(reader.number(key, fallback, min, max) * 1000);
  }

  private static void requireKnownKeys(ConfigReader reader, Set<String> known) {
    for (String key : reader.json().fieldNames()) {
      if (!known.contains(key)) {
        throw new ConfigException(reader.path(key) + " is not a setting; expected one of " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }
}
