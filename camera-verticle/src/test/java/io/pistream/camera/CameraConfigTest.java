package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pistream.contracts.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class CameraConfigTest {

  @Test
  void packedDefaultsGiveOneSyntheticCameraOnTheHighProfile() throws IOException {
    Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("../conf/config.yaml")));
    JsonObject section = new JsonObject(yaml).getJsonObject("camera");

    CameraConfig config = CameraConfig.parse(section);

    assertThat(config.cameras()).hasSize(1);
    CameraSettings cam0 = config.cameras().get(0);
    assertThat(cam0.id()).isEqualTo("cam0");
    assertThat(cam0.source()).isEqualTo(SourceType.SYNTHETIC);
    assertThat(cam0.initialProfile()).isEqualTo("high");
    assertThat(cam0.profiles()).isEqualTo(Profile.defaults());
    assertThat(config.idleTimeoutMs()).isEqualTo(10_000);
    assertThat(config.stallMs()).isEqualTo(5_000);
    assertThat(config.maxFrameBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.syntheticLoopFrames()).isEqualTo(48);
  }

  @Test
  void builtInProfilesApplyWhenNoneAreConfigured() {
    CameraConfig config = CameraConfig.parse(section(new JsonObject().put("id", "cam0")));

    assertThat(config.cameras().get(0).profiles()).containsExactly(
        new Profile("high", 1920, 1080, 24, 80, 5),
        new Profile("medium", 1280, 720, 24, 80, 12),
        new Profile("low", 854, 480, 15, 80, 40));
    assertThat(config.cameras().get(0).initialProfile()).isEqualTo("high");
    assertThat(config.cameras().get(0).name()).isEqualTo("cam0");
  }

  @Test
  void aCameraMayListItsOwnProfilesAndPickOne() {
    JsonObject camera = new JsonObject().put("id", "door").put("profile", "tiny")
        .put("profiles", new JsonArray().add(profile("tiny", 320, 240)).add(profile("small", 640, 480)));

    CameraSettings settings = CameraConfig.parse(section(camera)).cameras().get(0);

    assertThat(settings.profileNames()).containsExactly("tiny", "small");
    assertThat(settings.initialProfile()).isEqualTo("tiny");
    assertThat(settings.profile("small").width()).isEqualTo(640);
  }

  @Test
  void sharedProfilesReplaceTheBuiltInOnes() {
    JsonObject section = section(new JsonObject().put("id", "cam0"))
        .put("profiles", new JsonArray().add(profile("only", 640, 360)))
        .put("defaultProfile", "only");

    CameraSettings settings = CameraConfig.parse(section).cameras().get(0);

    assertThat(settings.profileNames()).containsExactly("only");
  }

  @Test
  void sourceSettingsAndDefaults() {
    JsonObject section = section(
        new JsonObject().put("id", "pi").put("source", "rpicam").put("rotation", 180).put("extraArgs", new JsonArray().add("--denoise").add("cdn_off")),
        new JsonObject().put("id", "usb").put("source", "v4l2").put("device", "/dev/video2").put("hflip", true),
        new JsonObject().put("id", "remote").put("source", "mjpeg-url").put("url", "http://10.0.0.2:8080/stream"),
        new JsonObject().put("id", "clip").put("source", "file").put("file", "/tmp/clip.mjpeg"));

    CameraConfig config = CameraConfig.parse(section);

    CameraSettings pi = config.cameras().get(0);
    assertThat(pi.command()).isEqualTo("rpicam-vid");
    assertThat(CaptureCommands.rpicam(pi, pi.profile("low")))
        .containsSubsequence("rpicam-vid", "--codec", "mjpeg", "--width", "854", "--height", "480", "--framerate", "15", "-q", "80")
        .containsSubsequence("--rotation", "180", "--denoise", "cdn_off", "-o", "-");
    CameraSettings usb = config.cameras().get(1);
    assertThat(usb.command()).isEqualTo("ffmpeg");
    assertThat(CaptureCommands.v4l2(usb, usb.profile("medium")))
        .containsSubsequence("-f", "v4l2", "-input_format", "mjpeg", "-video_size", "1280x720", "-framerate", "24", "-i", "/dev/video2")
        .containsSubsequence("-vf", "hflip", "-c:v", "mjpeg", "-f", "mjpeg", "-");
    assertThat(config.cameras().get(2).location()).isEqualTo("http://10.0.0.2:8080/stream");
    assertThat(config.cameras().get(3).location()).isEqualTo("/tmp/clip.mjpeg");
  }

  @Test
  void anUnknownSourceNamesTheSetting() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0"), new JsonObject().put("id", "x").put("source", "webcam"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("camera.cameras[1].source")
        .hasMessageContaining("webcam")
        .hasMessageContaining("rpicam");
  }

  @Test
  void badProfilesNameTheSetting() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("profiles", new JsonArray().add(profile("huge", 99999, 480)))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("camera.profiles[0].width must be between 16 and 8192, got 99999");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("profiles", new JsonArray().add(profile("fast", 640, 480).put("fps", 0)))))
        .hasMessageContaining("camera.profiles[0].fps must be between 1 and 120, got 0");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("profiles", new JsonArray().add(profile("q", 640, 480).put("quality", 101)))))
        .hasMessageContaining("camera.profiles[0].quality must be between 1 and 100, got 101");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("profiles", new JsonArray().add(new JsonObject().put("name", "h").put("width", 640)))))
        .hasMessageContaining("camera.profiles[0].height is required");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("profiles", new JsonArray().add(profile("a", 640, 480)).add(profile("a", 320, 240)))))
        .hasMessageContaining("camera.profiles[1].name 'a' is defined twice");
  }

  @Test
  void duplicateIdsAreRefused() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0"), new JsonObject().put("id", "cam0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("camera.cameras[1].id 'cam0' is already used by camera.cameras[0]");
  }

  @Test
  void unknownProfilesAreRefused() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0").put("profile", "ultra"))))
        .hasMessageContaining("camera.cameras[0].profile: unknown profile 'ultra', expected one of high, medium, low");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0")).put("defaultProfile", "ultra")))
        .hasMessageContaining("camera.defaultProfile: unknown profile 'ultra'");
  }

  @Test
  void otherMistakesNameTheirSetting() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0").put("rotation", 90))))
        .hasMessageContaining("camera.cameras[0].rotation must be 0 or 180, got 90");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "Cam 0"))))
        .hasMessageContaining("camera.cameras[0].id must be lower-case letters");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "cam0").put("rotaton", 180))))
        .hasMessageContaining("camera.cameras[0].rotaton is not a setting");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "r").put("source", "mjpeg-url"))))
        .hasMessageContaining("camera.cameras[0].url is required");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "r").put("source", "mjpeg-url").put("url", "ftp://x"))))
        .hasMessageContaining("camera.cameras[0].url must start with http:// or https://");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "f").put("source", "file").put("vflip", true).put("file", "a.mjpeg"))))
        .hasMessageContaining("camera.cameras[0].rotation/hflip/vflip");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("idleTimeoutSeconds", 0)))
        .hasMessageContaining("camera.idleTimeoutSeconds must be between 0.1 and 86400, got 0");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c")).put("restartBackoffInitialMs", 5000).put("restartBackoffMaxMs", 1000)))
        .hasMessageContaining("camera.restartBackoffMaxMs must be at least restartBackoffInitialMs (5000), got 1000");
  }

  @Test
  void theLadderDefaultsTo24_12_6_1AndEachStepIsCappedAtTheProfilesRate() {
    CameraSettings settings = CameraConfig.parse(section(new JsonObject().put("id", "cam0"))).cameras().get(0);

    assertThat(settings.ladderFps()).containsExactly(24, 12, 6, 1);
    assertThat(FpsLadder.steps(settings.ladderFps(), 24)).containsExactly(24, 12, 6, 1);
    assertThat(FpsLadder.steps(settings.ladderFps(), 15)).as("the low profile: 24 is capped at 15").containsExactly(15, 12, 6, 1);
    assertThat(FpsLadder.steps(settings.ladderFps(), 5)).containsExactly(5, 1);
    assertThat(FpsLadder.steps(List.of(1, 6, 6, 12), 24)).as("sorted, duplicates once, the full rate on top")
        .containsExactly(24, 12, 6, 1);
  }

  @Test
  void aLadderOfOnlyTheProfilesRateTurnsItOff() {
    CameraSettings settings = CameraConfig.parse(section(new JsonObject().put("id", "cam0").put("ladderFps", new JsonArray().add(24))))
        .cameras().get(0);

    assertThat(FpsLadder.steps(settings.ladderFps(), 24)).containsExactly(24);
  }

  @Test
  void badLaddersNameTheSetting() {
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c").put("ladderFps", new JsonArray()))))
        .hasMessageContaining("camera.cameras[0].ladderFps must list at least one rate");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c").put("ladderFps", new JsonArray().add(12).add(0)))))
        .hasMessageContaining("camera.cameras[0].ladderFps must hold whole frame rates from 1 to 120, got 0");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c").put("ladderFps", new JsonArray().add(2.5)))))
        .hasMessageContaining("got 2.5");
    assertThatThrownBy(() -> CameraConfig.parse(section(new JsonObject().put("id", "c").put("ladderFps", "fast"))))
        .hasMessageContaining("camera.cameras[0].ladderFps must be a list");
  }

  private static JsonObject profile(String name, int width, int height) {
    return new JsonObject().put("name", name).put("width", width).put("height", height).put("fps", 10).put("viewerCap", 3);
  }

  private static JsonObject section(JsonObject... cameras) {
    JsonArray list = new JsonArray();
    for (JsonObject camera : cameras) {
      list.add(camera);
    }
    return new JsonObject().put("node", new JsonObject().put("id", "n1").put("name", "n1")).put("cameras", list);
  }
}
