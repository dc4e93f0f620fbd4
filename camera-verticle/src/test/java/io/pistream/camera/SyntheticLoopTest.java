package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticLoopTest {

  @Test
  void fullHdFramesAreRealJpegsSizedLikeACameraS() {
    SyntheticLoop loop = SyntheticLoop.render(new SyntheticLoop.Key(1920, 1080, 80, 3, false, false));

    assertThat(loop.size()).isEqualTo(3);
    for (int i = 0; i < loop.size(); i++) {
      JpegFrame frame = loop.frame(i);
      byte[] jpeg = frame.data().getBytes();
      BufferedImage decoded = TestJpegs.decode(jpeg);
      assertThat(decoded.getWidth()).isEqualTo(1920);
      assertThat(decoded.getHeight()).isEqualTo(1080);
      assertThat(frame.width()).isEqualTo(1920);
      assertThat(jpeg.length).as("frame %d bytes", i).isBetween(100 * 1024, 400 * 1024);
    }
    assertThat(loop.frame(0).data()).isNotEqualTo(loop.frame(1).data());
    assertThat(loop.frame(3).data()).isSameAs(loop.frame(0).data());
  }

  @Test
  void framesPassTheSplitterWithTheirDimensions() {
    SyntheticLoop loop = SyntheticLoop.render(new SyntheticLoop.Key(854, 480, 80, 2, true, true));
    List<JpegFrame> split = new ArrayList<>();
    JpegSplitter splitter = new JpegSplitter(4 * 1024 * 1024, split::add);

    for (int i = 0; i < loop.size(); i++) {
      splitter.push(loop.frame(i).data());
    }

    assertThat(split).hasSize(2);
    assertThat(split.get(0).width()).isEqualTo(854);
    assertThat(split.get(0).height()).isEqualTo(480);
    assertThat(split.get(1).data()).isEqualTo(loop.frame(1).data());
  }

  @Test
  void statusPicturesAreJpegsAtTheRequestedSize() {
    byte[] jpeg = StatusPicture.render(1280, 720, 80, "Front door",
        "no capture device: rpicam-vid not found (retrying, attempt 3) and a long tail of words that has to wrap onto more lines");

    BufferedImage decoded = TestJpegs.decode(jpeg);
    assertThat(decoded.getWidth()).isEqualTo(1280);
    assertThat(decoded.getHeight()).isEqualTo(720);
  }
}
