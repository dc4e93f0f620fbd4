package io.pistream.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One benchmark viewer on a raw socket: sends the GET, then follows the chunked encoding and the
 * multipart parts by their lengths, looking only at the few header bytes; the JPEG bytes are skipped by
 * count, never copied out of the read buffer. A slow one reads no faster than its byte rate, with a small
 * receive buffer, the way a viewer on a weak link does. Driven by one {@link StreamBenchLoop} thread.
 */
final class StreamBenchViewer {

  private enum State { RESPONSE_HEAD, CHUNK_SIZE, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_CRLF, DONE }

  private static final int HEAD_MAX = 2048;

  private final String path;
  private final long bytesPerSecond;
  private final byte[] head = new byte[HEAD_MAX];
  private SocketChannel channel;
  private State state = State.RESPONSE_HEAD;
  private int headLength;
  private long chunkRemaining;
  private long chunkSize;
  private int chunkCrlfLeft;
  // the multipart parser inside the chunk data
  private final byte[] partHead = new byte[HEAD_MAX];
  private int partHeadLength;
  private long partRemaining;
  private volatile int status;
  private volatile long parts;
  private volatile long bytes;
  private volatile long firstPartNanos;
  private long lastPartNanos;
  // the longest wait between two parts since the last resetStalls(); read by the main thread at the end
  private volatile long worstGapNanos;
  private volatile boolean failed;
  private long requestNanos;
  private long startedNanos;

  StreamBenchViewer(String path, long bytesPerSecond) {
    this.path = path;
    this.bytesPerSecond = bytesPerSecond;
  }

  SocketChannel connect(int port) throws IOException {
    channel = SocketChannel.open();
    if (bytesPerSecond > 0) {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
    }
    channel.connect(new InetSocketAddress("127.0.0.1", port));
    channel.configureBlocking(false);
    requestNanos = System.nanoTime();
    startedNanos = requestNanos;
    ByteBuffer request = ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    while (request.hasRemaining()) {
      channel.write(request);
    }
    return channel;
  }

  boolean slow() {
    return bytesPerSecond > 0;
  }

  /** The HTTP status once the response head arrived, else 0. */
  int status() {
    return status;
  }

  long parts() {
    return parts;
  }

  long bytes() {
    return bytes;
  }

  boolean failed() {
    return failed;
  }

  /** Milliseconds from sending the request to the end of the first part; -1 before it. */
  double firstFrameMs() {
    long first = firstPartNanos;
    return first == 0 ? -1 : (first - requestNanos) / 1e6;
  }

  /** Starts measuring stalls afresh (the measurement window begins). */
  void resetStalls() {
    worstGapNanos = 0;
  }

  /** The longest time between two consecutive parts since {@link #resetStalls()}, in ms. */
  double worstStallMs() {
    return worstGapNanos / 1e6;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a benchmark socket: nothing to do about it
    }
  }

  /** Nanoseconds until this slow viewer may read again (0: it may read now). */
  long readDelayNanos(long now) {
    if (bytesPerSecond <= 0) {
      return 0;
    }
    double allowed = (now - startedNanos) / 1e9 * bytesPerSecond;
    double ahead = bytes - allowed;
    return ahead <= 0 ? 0 : (long) (ahead * 1e9 / bytesPerSecond);
  }

  /** Reads what the socket holds into the loop's buffer and parses it; false once the stream ended. */
  boolean read(ByteBuffer buffer) {
    try {
      buffer.clear();
      if (bytesPerSecond > 0) {
        buffer.limit(Math.min(buffer.capacity(), 16 * 1024));
      }
      int n = channel.read(buffer);
      if (n < 0) {
        state = State.DONE;
        return false;
      }
      bytes += n;
      parse(buffer, n);
      return state != State.DONE;
    } catch (IOException | RuntimeException e) {
      failed = true;
      state = State.DONE;
      return false;
    }
  }

  private void parse(ByteBuffer buffer, int n) {
    int i = 0;
    while (i < n) {
      switch (state) {
        case RESPONSE_HEAD -> {
          head[headLength++] = buffer.get(i++);
          if (endsWithBlankLine(head, headLength)) {
            String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
            status = Integer.parseInt(text.substring(9, 12));
            if (status != 200 || !text.toLowerCase().contains("transfer-encoding: chunked")) {
              state = State.DONE;
              return;
            }
            state = State.CHUNK_SIZE;
            chunkSize = 0;
          } else if (headLength == HEAD_MAX) {
            throw new IllegalStateException("response head longer than " + HEAD_MAX + " bytes");
          }
        }
        case CHUNK_SIZE -> {
          byte b = buffer.get(i++);
          if (b == '\r') {
            state = State.CHUNK_SIZE_LF;
          } else if (b != ';') {
            chunkSize = chunkSize * 16 + Character.digit(b, 16);
          }
        }
        case CHUNK_SIZE_LF -> {
          i++;
          if (chunkSize == 0) {
            state = State.DONE;
            return;
          }
          chunkRemaining = chunkSize;
          state = State.CHUNK_DATA;
        }
        case CHUNK_DATA -> {
          int take = (int) Math.min(chunkRemaining, n - i);
          part(buffer, i, take);
          i += take;
          chunkRemaining -= take;
          if (chunkRemaining == 0) {
            state = State.CHUNK_CRLF;
            chunkCrlfLeft = 2;
          }
        }
        case CHUNK_CRLF -> {
          i++;
          if (--chunkCrlfLeft == 0) {
            state = State.CHUNK_SIZE;
            chunkSize = 0;
          }
        }
        case DONE -> {
          return;
        }
        default -> throw new IllegalStateException("unknown state " + state);
      }
    }
  }

  /** Feeds chunk data to the multipart parser: part heads byte by byte, part bodies by count. */
  private void part(ByteBuffer buffer, int from, int length) {
    int i = from;
    int end = from + length;
    while (i < end) {
      if (partRemaining > 0) {
        int take = (int) Math.min(partRemaining, end - i);
        partRemaining -= take;
        i += take;
        if (partRemaining == 0) {
          long now = System.nanoTime();
          long count = parts + 1;
          parts = count;
          if (count == 1) {
            firstPartNanos = now;
          } else if (now - lastPartNanos > worstGapNanos) {
            worstGapNanos = now - lastPartNanos;
          }
          lastPartNanos = now;
        }
        continue;
      }
      partHead[partHeadLength++] = buffer.get(i++);
      if (endsWithBlankLine(partHead, partHeadLength)) {
        partRemaining = contentLength() + 2;
        partHeadLength = 0;
      } else if (partHeadLength == HEAD_MAX) {
        throw new IllegalStateException("part head longer than " + HEAD_MAX + " bytes");
      }
    }
  }

  private long contentLength() {
    String text = new String(partHead, 0, partHeadLength, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("Content-Length:");
    if (at < 0) {
      throw new IllegalStateException("part without Content-Length: " + text);
    }
    int end = text.indexOf('\r', at);
    return Long.parseLong(text.substring(at + "Content-Length:".length(), end).trim());
  }

  private static boolean endsWithBlankLine(byte[] bytes, int length) {
    return length >= 4 && bytes[length - 1] == '\n' && bytes[length - 2] == '\r'
        && bytes[length - 3] == '\n' && bytes[length - 4] == '\r';
  }
}
