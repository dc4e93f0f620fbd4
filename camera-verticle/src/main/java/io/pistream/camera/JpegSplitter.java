package io.pistream.camera;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream (a capture tool's stdout, an MJPEG HTTP body, an .mjpeg file) into JPEG frames.
 *
 * <p>A frame starts at SOI (FF D8). Marker segments are skipped by their length up to the start of scan,
 * so an EXIF thumbnail in APP1 (a whole JPEG with its own FF D9) is not mistaken for the end. In
 * entropy-coded data a literal FF is always followed by 00 (stuffing) or a restart marker, so any other
 * FF xx there is a real marker: EOI ends the frame, DHT/SOS continue a progressive JPEG. Anything else
 * (bytes between frames, multipart headers, broken frames) is skipped until the next SOI; a broken frame
 * is rescanned from just after its SOI (or its last confirmed APPn segment, so that its thumbnail does
 * not pass for a frame) so that a frame it swallowed is not lost. Frames larger than the cap are
 * dropped. Not thread-safe: one splitter per stream.
 */
final class JpegSplitter {

  private enum State { SEEK_SOI, MARKER, ENTROPY }

  private static final int FF = 0xFF;

  private final int maxFrameBytes;
  private final Consumer<JpegFrame> frames;
  private static final int INITIAL_CAPACITY = 64 * 1024;
  /** What one read asks of the stream; also the room left beside a frame of the size of the last. */
  static final int READ_CHUNK = 64 * 1024;

  private byte[] buf = new byte[INITIAL_CAPACITY];
  private int size;
  private int start;
  private int pos;
  /** Where to look for the next SOI if this frame breaks: after its confirmed APPn segments. */
  private int rescanFrom;
  private boolean afterEmbeddingSegment;
  private State state = State.SEEK_SOI;
  private int width;
  private int height;
  private boolean sawScan;
  private long dropped;

  JpegSplitter(int maxFrameBytes, Consumer<JpegFrame> frames) {
    this.maxFrameBytes = maxFrameBytes;
    this.frames = frames;
  }

  /** Frames dropped so far because they were broken or over the size cap. */
  long dropped() {
    return dropped;
  }

  void push(Buffer chunk) {
    ensureCapacity(size + chunk.length());
    chunk.getBytes(0, chunk.length(), buf, size);
    size += chunk.length();
    scan();
    compact();
  }

  void push(byte[] chunk, int offset, int length) {
    ensureCapacity(size + length);
    System.arraycopy(chunk, offset, buf, size, length);
    size += length;
    scan();
    compact();
  }

  /**
   * Reads once from {@code in} straight into the splitting buffer and splits what came.
   *
   * @return the bytes read, or -1 at the end of the stream
   */
  int readFrom(InputStream in) throws IOException {
    ensureCapacity(size + READ_CHUNK);
    int read = in.read(buf, size, buf.length - size);
    if (read > 0) {
      size += read;
      scan();
      compact();
    }
    return read;
  }

  private void scan() {
    while (true) {
      if (state != State.SEEK_SOI && pos - start > maxFrameBytes) {
        dropped++;
        state = State.SEEK_SOI;
        pos = Math.min(pos, size);
        start = pos;
      }
      boolean progressed = switch (state) {
        case SEEK_SOI -> seekSoi();
        case MARKER -> marker();
        case ENTROPY -> entropy();
      };
      if (!progressed) {
        return;
      }
    }
  }

  private boolean seekSoi() {
    for (int i = pos; i + 1 < size; i++) {
      if ((buf[i] & 0xFF) == FF && (buf[i + 1] & 0xFF) == 0xD8) {
        beginFrame(i);
        return true;
      }
    }
    pos = size > 0 && (buf[size - 1] & 0xFF) == FF ? Math.max(pos, size - 1) : size;
    start = pos;
    return false;
  }

  private void beginFrame(int soi) {
    start = soi;
    pos = soi + 2;
    rescanFrom = soi + 1;
    afterEmbeddingSegment = false;
    width = 0;
    height = 0;
    sawScan = false;
    state = State.MARKER;
  }

  private boolean marker() {
    int at = pos;
    if (at >= size) {
      return false;
    }
    if ((buf[at] & 0xFF) != FF) {
      return broken();
    }
    if (afterEmbeddingSegment) {
      // The APPn/COM segment ended on a marker, so it was real: a thumbnail in it is not a frame.
      rescanFrom = at;
      afterEmbeddingSegment = false;
    }
    while (at + 1 < size && (buf[at + 1] & 0xFF) == FF) {
      at++;
    }
    if (at + 1 >= size) {
      return false;
    }
    int marker = buf[at + 1] & 0xFF;
    if (marker == 0xD8) {
      dropped++;
      beginFrame(at);
      return true;
    }
    if (marker == 0xD9) {
      pos = at + 2;
      if (sawScan && width > 0 && height > 0) {
        frames.accept(new JpegFrame(cutFrame(), width, height));
      } else {
        dropped++;
      }
      state = State.SEEK_SOI;
      start = pos;
      return true;
    }
    if (marker >= 0xD0 && marker <= 0xD7) {
      pos = at + 2;
      return true;
    }
    if (marker < 0xC0) {
      // 00 is stuffing and 02-BF are reserved: this is not a JPEG header, so the SOI was a false start.
      return broken();
    }
    if (at + 3 >= size) {
      return false;
    }
    int length = ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
    if (length < 2) {
      return broken();
    }
    int end = at + 2 + length;
    if (end >= size) {
      // Wait for the byte after the segment too: an SOI may straddle its end.
      return false;
    }
    int swallowedSoi = swallowedSoi(marker, at + 2, end);
    if (swallowedSoi >= 0) {
      dropped++;
      beginFrame(swallowedSoi);
      return true;
    }
    if (isStartOfFrame(marker)) {
      if (at + 8 >= size) {
        return false;
      }
      height = ((buf[at + 5] & 0xFF) << 8) | (buf[at + 6] & 0xFF);
      width = ((buf[at + 7] & 0xFF) << 8) | (buf[at + 8] & 0xFF);
    }
    pos = end;
    afterEmbeddingSegment = mayEmbedJpeg(marker);
    if (marker == 0xDA) {
      sawScan = true;
      state = State.ENTROPY;
    }
    return true;
  }

  private boolean entropy() {
    int i = pos;
    while (i + 1 < size) {
      if ((buf[i] & 0xFF) != FF) {
        i++;
        continue;
      }
      int next = buf[i + 1] & 0xFF;
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        i += 2;
      } else if (next == FF) {
        i++;
      } else {
        pos = i;
        state = State.MARKER;
        return true;
      }
    }
    pos = i;
    return false;
  }

  /**
   * A segment announced by a broken frame (or a false SOI in garbage) can swallow the start of the
   * next frame. Tables and frame headers never hold FF D8, so one in them (or across their end) is that
   * next frame; APPn and COM may embed a whole thumbnail, so there only an SOI at the very end counts.
   */
  private int swallowedSoi(int marker, int from, int end) {
    int first = mayEmbedJpeg(marker) ? Math.max(from, end - 2) : from;
    for (int i = first; i < end; i++) {
      if ((buf[i] & 0xFF) == FF && (buf[i + 1] & 0xFF) == 0xD8) {
        return i;
      }
    }
    return -1;
  }

  private static boolean mayEmbedJpeg(int marker) {
    return (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
  }

  private boolean broken() {
    dropped++;
    state = State.SEEK_SOI;
    pos = rescanFrom;
    return true;
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Hands out the frame that ends at {@code pos} where it lies and goes on in a fresh buffer, sized for
   * another frame like it, with the bytes read past the frame: a frame is never copied on its way out.
   */
  private Buffer cutFrame() {
    byte[] frame = buf;
    int from = start;
    int length = pos - start;
    int tail = size - pos;
    buf = new byte[Math.max(INITIAL_CAPACITY, tail + length + length / 4 + READ_CHUNK)];
    System.arraycopy(frame, pos, buf, 0, tail);
    size = tail;
    pos = 0;
    start = 0;
    rescanFrom = 0;
    return WrappedBuffers.wrap(frame, from, length);
  }

  /** Drops what precedes the frame in progress (or the unscanned tail) so the buffer stays small. */
  private void compact() {
    int keepFrom = state == State.SEEK_SOI ? Math.min(pos, size) : start;
    if (keepFrom == 0) {
      return;
    }
    System.arraycopy(buf, keepFrom, buf, 0, size - keepFrom);
    size -= keepFrom;
    pos -= keepFrom;
    start -= keepFrom;
    rescanFrom -= keepFrom;
  }

  private void ensureCapacity(int needed) {
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }
}
