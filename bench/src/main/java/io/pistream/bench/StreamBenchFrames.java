package io.pistream.bench;

import io.vertx.core.buffer.Buffer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Real JPEGs of about the size a Pi camera makes: a gradient scene with grain, the grain tuned until
 * the first picture is near the wanted size, then a few variants so consecutive frames differ.
 */
final class StreamBenchFrames {

  static List<Buffer> make(int width, int height, int targetBytes, int count) {
    double low = 0;
    double high = 128;
    double grain = 16;
    for (int i = 0; i < 8; i++) {
      int size = encode(picture(width, height, grain, 1)).length;
      if (Math.abs(size - targetBytes) < targetBytes / 20) {
        break;
      }
      if (size < targetBytes) {
        low = grain;
      } else {
        high = grain;
      }
      grain = (low + high) / 2;
    }
    List<Buffer> frames = new ArrayList<>();
    for (int seed = 1; seed <= count; seed++) {
      frames.add(Buffer.buffer(encode(picture(width, height, grain, seed))));
    }
    return frames;
  }

  private static BufferedImage picture(int width, int height, double grain, int seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 70, 120), width, height, new Color(200, 170, 90)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(240, 240, 240));
    g.fillOval(width / 3 + seed * 4, height / 3, width / 4, height / 4);
    g.dispose();
    Random random = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = image.getRGB(x, y);
        int noise = (int) (random.nextGaussian() * grain);
        int r = clamp(((rgb >> 16) & 0xFF) + noise);
        int gr = clamp(((rgb >> 8) & 0xFF) + noise);
        int b = clamp((rgb & 0xFF) + noise);
        image.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return image;
  }

  private static int clamp(int value) {
    return Math.max(0, Math.min(255, value));
  }

  private static byte[] encode(BufferedImage image) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StreamBenchFrames() {
  }
}
