package io.pistream.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JpegSplitterTest {

  private static final int MAX_FRAME = 256 * 1024;
  private static final List<byte[]> FRAMES = new ArrayList<>();
  /**
   * Bytes without FF pushed after a test stream: a false SOI in garbage can announce a segment as long
   * as 64 KB, and only the bytes that follow tell it apart from a real one. A live stream goes on.
   */
  private static final int STREAM_GOES_ON = 66 * 1024;

  @BeforeAll
  static void frames() {
    for (int i = 0; i < 6; i++) {
      FRAMES.add(TestJpegs.jpeg(24 + 16 * i, 16 + 8 * i, i));
    }
    FRAMES.add(TestJpegs.progressive(64, 48, 7));
    FRAMES.add(TestJpegs.withThumbnail(TestJpegs.jpeg(96, 64, 8), TestJpegs.jpeg(16, 16, 9)));
  }

  @Test
  void cutsConcatenatedFramesWhateverTheChunking() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      List<byte[]> sent = pick(random, 1 + random.nextInt(12));
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      sent.forEach(stream::writeBytes);
      assertThat(ids(split(stream.toByteArray(), random))).as("round %d", round).containsExactlyElementsOf(ids(sent));
    }
  }

  @Test
  void readingStraightFromAStreamCutsTheSameFramesAndKeepsEachApart() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 100; round++) {
      List<byte[]> sent = pick(random, 1 + random.nextInt(12));
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      sent.forEach(stream::writeBytes);
      stream.writeBytes(new byte[STREAM_GOES_ON]);
      List<Buffer> cut = new ArrayList<>();
      JpegSplitter splitter = new JpegSplitter(MAX_FRAME, frame -> cut.add(frame.data()));
      InputStream in = new ShortReads(stream.toByteArray(), random);
      while (splitter.readFrom(in) >= 0) {
        // split as read
      }
      // frames share the arrays they were read into: a later read must not have changed an earlier frame
      assertThat(ids(cut.stream().map(Buffer::getBytes).toList())).as("round %d", round).containsExactlyElementsOf(ids(sent));
    }
  }

  /** A stream that returns fewer bytes than asked, as a pipe does. */
  private static final class ShortReads extends InputStream {
    private final byte[] bytes;
    private final Random random;
    private int at;

    ShortReads(byte[] bytes, Random random) {
      this.bytes = bytes;
      this.random = random;
    }

    @Override
    public int read() {
      return at < bytes.length ? bytes[at++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (at >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, bytes.length - at), 1 + random.nextInt(random.nextBoolean() ? 16 : 100_000));
      System.arraycopy(bytes, at, into, offset, n);
      at += n;
      return n;
    }
  }

  @Test
  void skipsGarbageBetweenFrames() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<byte[]> sent = pick(random, 1 + random.nextInt(8));
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      stream.writeBytes(garbage(random, random.nextInt(300)));
      for (byte[] frame : sent) {
        stream.writeBytes(frame);
        stream.writeBytes(garbage(random, random.nextInt(300)));
      }
      assertThat(ids(split(stream.toByteArray(), random))).as("round %d", round).containsExactlyElementsOf(ids(sent));
    }
  }

  @Test
  void readsMultipartBodies() {
    Random random = new Random(3);
    for (int round = 0; round < 50; round++) {
      List<byte[]> sent = pick(random, 1 + random.nextInt(8));
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      for (byte[] frame : sent) {
        stream.writeBytes(("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + frame.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        stream.writeBytes(frame);
        stream.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      assertThat(ids(split(stream.toByteArray(), random))).as("round %d", round).containsExactlyElementsOf(ids(sent));
    }
  }

  @Test
  void keepsAFrameWholeWhenItsExifThumbnailHasItsOwnEndMarker() {
    byte[] withThumbnail = FRAMES.get(FRAMES.size() - 1);
    List<JpegFrame> frames = new ArrayList<>();
    JpegSplitter splitter = new JpegSplitter(MAX_FRAME, frames::add);

    splitter.push(withThumbnail, 0, withThumbnail.length);

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).data().getBytes()).isEqualTo(withThumbnail);
    assertThat(frames.get(0).width()).isEqualTo(96);
    assertThat(frames.get(0).height()).isEqualTo(64);
    assertThat(TestJpegs.decode(frames.get(0).data().getBytes()).getWidth()).isEqualTo(96);
  }

  @Test
  void resyncsAfterTruncatedFrames() {
    Random random = new Random(99);
    for (int round = 0; round < 200; round++) {
      List<byte[]> intact = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      for (byte[] frame : pick(random, 2 + random.nextInt(8))) {
        if (random.nextInt(3) == 0) {
          stream.write(frame, 0, 2 + random.nextInt(frame.length - 4));
        } else {
          stream.writeBytes(frame);
          intact.add(frame);
        }
      }
      assertThat(ids(split(stream.toByteArray(), random))).as("round %d", round).containsExactlyElementsOf(ids(intact));
    }
  }

  @Test
  void dropsOversizedFramesAndCarriesOn() {
    byte[] big = TestJpegs.jpeg(500, 400, 1);
    byte[] small = FRAMES.get(0);
    assertThat(big.length).isGreaterThan(64 * 1024);
    List<byte[]> out = new ArrayList<>();
    JpegSplitter splitter = new JpegSplitter(64 * 1024, frame -> out.add(frame.data().getBytes()));
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(small);
    stream.writeBytes(big);
    stream.writeBytes(small);
    byte[] bytes = stream.toByteArray();

    splitter.push(bytes, 0, bytes.length);

    assertThat(ids(out)).containsExactlyElementsOf(ids(List.of(small, small)));
    assertThat(splitter.dropped()).isEqualTo(1);
  }

  @Test
  void survivesPureGarbage() {
    Random random = new Random(1234);
    for (int round = 0; round < 100; round++) {
      byte[] noise = garbage(random, 1 + random.nextInt(64 * 1024));
      List<JpegFrame> out = new ArrayList<>();
      JpegSplitter splitter = new JpegSplitter(MAX_FRAME, out::add);
      int at = 0;
      while (at < noise.length) {
        int length = Math.min(noise.length - at, 1 + random.nextInt(4096));
        splitter.push(noise, at, length);
        at += length;
      }
      for (JpegFrame frame : out) {
        byte[] bytes = frame.data().getBytes();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        assertThat(bytes[bytes.length - 1] & 0xFF).isEqualTo(0xD9);
      }
    }
    byte[] frame = FRAMES.get(2);
    List<byte[]> after = new ArrayList<>();
    JpegSplitter splitter = new JpegSplitter(MAX_FRAME, f -> after.add(f.data().getBytes()));
    byte[] noise = garbage(random, 10_000);
    splitter.push(noise, 0, noise.length);
    splitter.push(frame, 0, frame.length);
    splitter.push(new byte[STREAM_GOES_ON], 0, STREAM_GOES_ON);
    assertThat(ids(after)).containsExactly(id(frame));
  }

  /** Random bytes with FF made common, so that markers and false starts (FF D8) turn up. */
  private static byte[] garbage(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    for (int i = 0; i + 1 < length; i += 1 + random.nextInt(40)) {
      bytes[i] = (byte) 0xFF;
    }
    return bytes;
  }

  private static List<String> ids(List<byte[]> frames) {
    return frames.stream().map(JpegSplitterTest::id).toList();
  }

  private static String id(byte[] frame) {
    return frame.length + "B#" + Integer.toHexString(Arrays.hashCode(frame));
  }

  private static List<byte[]> pick(Random random, int count) {
    List<byte[]> picked = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picked.add(FRAMES.get(random.nextInt(FRAMES.size())));
    }
    return picked;
  }

  private static List<byte[]> split(byte[] stream, Random random) {
    List<byte[]> out = new ArrayList<>();
    JpegSplitter splitter = new JpegSplitter(MAX_FRAME, frame -> out.add(frame.data().getBytes()));
    int at = 0;
    while (at < stream.length) {
      int length = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 16 : 8192));
      splitter.push(stream, at, length);
      at += length;
    }
    splitter.push(new byte[STREAM_GOES_ON], 0, STREAM_GOES_ON);
    return out;
  }
}
