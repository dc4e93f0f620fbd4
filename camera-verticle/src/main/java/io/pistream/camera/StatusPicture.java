package io.pistream.camera;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Renders the picture viewers see while a camera cannot deliver: its name and what is wrong. */
final class StatusPicture {

  private static final int MAX_LINES = 6;

  static byte[] render(int width, int height, int quality, String title, String message) {
    BufferedImage canvas = JpegEncoder.canvas(width, height);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(new Color(24, 24, 28));
      g.fillRect(0, 0, width, height);
      int margin = width / 16;
      g.setColor(new Color(200, 200, 200));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, height / 20)));
      FontMetrics small = g.getFontMetrics();
      int y = height / 3;
      g.drawString(title, margin, y);
      g.setColor(new Color(255, 190, 60));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, height / 14)));
      FontMetrics big = g.getFontMetrics();
      y += small.getHeight() + big.getAscent();
      for (String line : wrap(message, big, width - 2 * margin)) {
        g.drawString(line, margin, y);
        y += big.getHeight();
      }
    } finally {
      g.dispose();
    }
    return JpegEncoder.encode(canvas, quality);
  }

  private static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (metrics.stringWidth(candidate) <= maxWidth || line.length() == 0) {
        line.setLength(0);
        line.append(candidate);
      } else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
      if (lines.size() == MAX_LINES) {
        return lines;
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private StatusPicture() {
  }
}
