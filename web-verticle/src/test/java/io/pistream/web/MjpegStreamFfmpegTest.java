package io.pistream.web;

import static io.pistream.web.CameraStreamTesting.NODE;
import static io.pistream.web.CameraStreamTesting.await;
import static io.pistream.web.CameraStreamTesting.high;
import static io.pistream.web.CameraStreamTesting.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Plays the stream with a real MJPEG client: ffmpeg (scripts/install-tools.sh installs it). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class MjpegStreamFfmpegTest {

  @Test
  void ffmpegDecodesFiveFramesOfTheStream(Vertx vertx, @TempDir Path dir) throws Exception {
    int port = serve(vertx, new JsonObject(), new FakeCamera(NODE, "cam0", high()));

    Process ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-i", "http://127.0.0.1:" + port + "/stream/cam0.mjpg",
        "-frames:v", "5", "-f", "image2", dir.resolve("out%d.jpg").toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("ffmpeg.log").toFile())
        .start();
    boolean exited = ffmpeg.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      ffmpeg.destroyForcibly();
    }

    assertThat(exited).as("ffmpeg finished").isTrue();
    assertThat(ffmpeg.exitValue()).as(Files.readString(dir.resolve("ffmpeg.log"), StandardCharsets.UTF_8)).isZero();
    List<Path> frames;
    try (var files = Files.list(dir)) {
      frames = files.filter(p -> p.getFileName().toString().matches("out\\d+\\.jpg")).sorted().toList();
    }
    assertThat(frames).hasSize(5);
    for (Path frame : frames) {
      BufferedImage image = read(frame.toFile());
      assertThat(image.getWidth()).isEqualTo(320);
      assertThat(image.getHeight()).isEqualTo(240);
    }
    JsonObject list = await(io.vertx.ext.web.client.WebClient.create(vertx).get(port, "127.0.0.1", "/api/cameras").send()).bodyAsJsonObject();
    assertThat(list.getJsonArray("cameras").getJsonObject(0).getString("camera")).isEqualTo("cam0");
  }

  private static BufferedImage read(File file) throws IOException {
    BufferedImage image = ImageIO.read(file);
    assertThat(image).as(file + " decodes").isNotNull();
    return image;
  }
}
