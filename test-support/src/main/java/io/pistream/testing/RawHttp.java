package io.pistream.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Bytes on a plain socket, for requests no HTTP client would send (broken escapes, oversized heads,
 * half a head) and for watching when the server drops a connection.
 */
public final class RawHttp {

  /** An answer: its status line, and its body when it had a Content-Length. */
  public record Answer(String statusLine, String head, String body) {

    public int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  public static Socket connect(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(30_000);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Socket socket, String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} on a new connection and reads one answer. */
  public static Answer exchange(int port, String request) {
    try (Socket socket = connect(port)) {
      write(socket, request);
      return read(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Answer read(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head.isEmpty()) {
        throw new AssertionError("connection closed before an answer head");
      }
      return new Answer(head.substring(0, head.indexOf("\r\n")), head, readBody(in, head, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An answer's head up to its blank line; what arrived, perhaps empty, when the connection closed first. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * The body of the answer with this head, by its Content-Length; without one, nothing (a 101, a kept
   * connection) or, when {@code untilClose}, up to 1 MiB until the server closes (chunked answers to a
   * {@code Connection: close} request).
   */
  public static String readBody(InputStream in, String head, boolean untilClose) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return new String(in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())), StandardCharsets.UTF_8);
      }
    }
    return untilClose ? new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8) : "";
  }

  /**
   * Waits until the server closes the connection (end of stream or a reset), discarding what it sends,
   * and answers how long that took; fails if it stays open for {@code patience}.
   */
  public static Duration untilClosed(Socket socket, Duration patience) {
    long start = System.nanoTime();
    try {
      socket.setSoTimeout((int) patience.toMillis());
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[4096];
      while (in.read(sink) >= 0) {
        if (System.nanoTime() - start > patience.toNanos()) {
          throw new AssertionError("the server kept sending for " + patience + " instead of closing");
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept an idle connection open for " + patience, e);
    } catch (SocketException e) {
      // reset by the server: closed as well
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A client's WebSocket text frame (clients must mask theirs), as a string of bytes for {@link #write}. */
  public static String maskedTextFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length > 125) {
      throw new IllegalArgumentException("only short frames");
    }
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    StringBuilder frame = new StringBuilder().append((char) 0x81).append((char) (0x80 | payload.length));
    for (byte b : mask) {
      frame.append((char) (b & 0xff));
    }
    for (int i = 0; i < payload.length; i++) {
      frame.append((char) ((payload[i] ^ mask[i % 4]) & 0xff));
    }
    return frame.toString();
  }

  /** Reads one unmasked text frame a server sent (payload under 64 KiB). */
  public static String readTextFrame(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      int first = in.read();
      int length = in.read() & 0x7f;
      if (first < 0) {
        throw new AssertionError("the WebSocket was closed");
      }
      if (length == 126) {
        length = (in.read() << 8) | in.read();
      }
      return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RawHttp() {
  }
}
