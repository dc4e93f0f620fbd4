package io.pistream.camera;

import io.vertx.core.buffer.Buffer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-rendered loop of JPEG frames that look like a camera's: a drifting gradient with sensor-like
 * noise (so a 1080p frame weighs 200-300 KB like a real one), a moving ball and the frame number.
 * Rendering is blocking and done once; serving the loop then costs next to nothing.
 */
final class SyntheticLoop {

  /** What a loop depends on; cameras with the same key share one loop. */
  record Key(int width, int height, int quality, int frames, boolean mirrorH, boolean mirrorV) {
  }

  private static final int NOISE_AMPLITUDE = 16;

  private final Key key;
  private final List<Buffer> frames;

  private SyntheticLoop(Key key, List<Buffer> frames) {
    this.key = key;
    this.frames = List.copyOf(frames);
  }

  int size() {
    return frames.size();
  }

  JpegFrame frame(long index) {
    return new JpegFrame(frames.get((int) (index % frames.size())), key.width(), key.height());
  }

  /** Renders one frame at a time into a single reused canvas, so peak memory is one raw picture. */
  static SyntheticLoop render(Key key) {
    BufferedImage canvas = JpegEncoder.canvas(key.width(), key.height());
    List<Buffer> frames = new ArrayList<>(key.frames());
    for (int i = 0; i < key.frames(); i++) {
      draw(canvas, key, i);
      frames.add(Buffer.buffer(JpegEncoder.encode(canvas, key.quality())));
    }
    return new SyntheticLoop(key, frames);
  }

  private static void draw(BufferedImage canvas, Key key, int index) {
    int width = key.width();
    int height = key.height();
    int[] pixels = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
    double phase = (double) index / key.frames();
    int shift = (int) (phase * width);
    int seed = 0x9E3779B9 * (index + 1);
    for (int y = 0; y < height; y++) {
      int green = 40 + 120 * y / height;
      int row = y * width;
      for (int x = 0; x < width; x++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        int noise = (seed & 0xFFFF) % NOISE_AMPLITUDE - NOISE_AMPLITUDE / 2;
        int red = 30 + 150 * ((x + shift) % width) / width;
        pixels[row + x] = (clamp(red + noise) << 16) | (clamp(green + noise) << 8) | clamp(110 + noise);
      }
    }
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      int ball = height / 5;
      int ballX = (int) (phase * (width + ball)) - ball;
      int ballY = (int) (height / 2.0 + Math.sin(phase * 2 * Math.PI) * height / 4.0) - ball / 2;
      g.setColor(new Color(250, 200, 40));
      g.fillOval(ballX, ballY, ball, ball);
      g.setColor(Color.WHITE);
      g.setStroke(new BasicStroke(Math.max(2, height / 180f)));
      g.drawRect(height / 40, height / 40, width - height / 20, height - height / 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, height / 9)));
      g.drawString(String.format("frame %02d/%d", index + 1, key.frames()), width / 20, height / 5);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, height / 22)));
      g.drawString("pistream synthetic camera  " + width + "x" + height, width / 20, height - height / 12);
    } finally {
      g.dispose();
    }
    mirror(pixels, width, height, key.mirrorH(), key.mirrorV());
  }

  private static void mirror(int[] pixels, int width, int height, boolean horizontally, boolean vertically) {
    if (horizontally) {
      for (int y = 0; y < height; y++) {
        int row = y * width;
        for (int left = 0, right = width - 1; left < right; left++, right--) {
          int swap = pixels[row + left];
          pixels[row + left] = pixels[row + right];
          pixels[row + right] = swap;
        }
      }
    }
    if (vertically) {
      int[] line = new int[width];
      for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
        System.arraycopy(pixels, top * width, line, 0, width);
        System.arraycopy(pixels, bottom * width, pixels, top * width, width);
        System.arraycopy(line, 0, pixels, bottom * width, width);
      }
    }
  }

  private static int clamp(int value) {
    return value < 0 ? 0 : Math.min(255, value);
  }
}
