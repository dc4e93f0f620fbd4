package io.pistream.camera;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Makes the small picture a camera keeps from a captured frame; blocking, call it off the event loop. */
final class HistoryPictures {

  static final int QUALITY = 80;

  /**
   * The frame scaled down to {@code width}, keeping its aspect, as a JPEG; a frame that is not wider
   * is kept as it came. Halving steps first, then one bilinear step: plain bilinear from 1920 to 640
   * would skip pixels and alias.
   */
  static byte[] downscale(byte[] jpeg, int width) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    if (image == null) {
      throw new IOException("the frame is not a JPEG ImageIO can read");
    }
    if (image.getWidth() <= width) {
      return jpeg;
    }
    int height = Math.max(1, (int) Math.round(image.getHeight() * (double) width / image.getWidth()));
    BufferedImage current = image;
    while (current.getWidth() / 2 >= width) {
      current = scale(current, current.getWidth() / 2, Math.max(1, current.getHeight() / 2));
    }
    return JpegEncoder.encode(scale(current, width, height), QUALITY);
  }

  /** Width and height from the JPEG's frame header; {0, 0} when it has none. */
  static int[] dimensions(byte[] jpeg) {
    List<JpegFrame> frames = new ArrayList<>(1);
    JpegSplitter splitter = new JpegSplitter(jpeg.length + 1, frames::add);
    splitter.push(jpeg, 0, jpeg.length);
    return frames.isEmpty() ? new int[] {0, 0} : new int[] {frames.get(0).width(), frames.get(0).height()};
  }

  private static BufferedImage scale(BufferedImage source, int width, int height) {
    BufferedImage target = JpegEncoder.canvas(width, height);
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }

  private HistoryPictures() {
  }
}
