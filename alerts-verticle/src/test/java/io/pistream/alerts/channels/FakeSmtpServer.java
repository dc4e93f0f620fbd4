package io.pistream.alerts.channels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on 127.0.0.1 that speaks EHLO, STARTTLS (over a test certificate), AUTH PLAIN, MAIL,
 * RCPT and DATA, for what GreenMail cannot do: STARTTLS. It offers AUTH before TLS too, as a lax server
 * would, so that a test sees whether the client waits for TLS before it logs in. Every line the client
 * sends is kept with whether it came over TLS. One connection at a time, on its own thread.
 */
final class FakeSmtpServer implements AutoCloseable {

  record Line(boolean tls, String text) {
  }

  private final SSLContext tls;
  private final boolean offerStartTls;
  private final String username;
  private final String password;
  private final ServerSocket server;
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  FakeSmtpServer(SSLContext tls, boolean offerStartTls, String username, String password) throws IOException {
    this.tls = tls;
    this.offerStartTls = offerStartTls;
    this.username = username;
    this.password = password;
    this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(this::serve, "fake-smtp-" + server.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** What the client sent, in order, across connections. */
  List<Line> lines() {
    return lines;
  }

  /** The DATA of each mail taken, headers and body. */
  List<String> messages() {
    return messages;
  }

  /** Handshakes that failed and connections that broke, as the server saw them. */
  List<String> problems() {
    return problems;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        socket.setSoTimeout(10_000);
        converse(socket);
      } catch (IOException e) {
        if (!server.isClosed()) {
          problems.add(e.toString());
        }
      }
    }
  }

  private void converse(Socket plain) throws IOException {
    Socket socket = plain;
    boolean secure = false;
    BufferedReader in = reader(socket);
    OutputStream out = socket.getOutputStream();
    reply(out, "220 fake.test ESMTP");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lines.add(new Line(secure, line));
      String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO" -> reply(out, "250-fake.test" + (!secure && offerStartTls ? "\r\n250-STARTTLS" : "") + "\r\n250-AUTH PLAIN\r\n250 8BITMIME");
        case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
        case "STARTTLS" -> {
          if (secure || !offerStartTls) {
            reply(out, "503 not now");
            continue;
          }
          reply(out, "220 go ahead");
          SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(), true);
          ssl.setUseClientMode(false);
          ssl.startHandshake();
          socket = ssl;
          secure = true;
          in = reader(socket);
          out = socket.getOutputStream();
        }
        case "AUTH" -> {
          String[] parts = line.split(" ");
          String response = parts.length > 2 ? parts[2] : null;
          if (response == null) {
            reply(out, "334 ");
            response = in.readLine();
            lines.add(new Line(secure, response));
          }
          String decoded = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
          reply(out, decoded.equals("\0" + username + "\0" + password) ? "235 2.7.0 accepted" : "535 5.7.8 credentials invalid");
        }
        case "DATA" -> {
          reply(out, "354 go on");
          StringBuilder data = new StringBuilder();
          for (String text = in.readLine(); text != null && !text.equals("."); text = in.readLine()) {
            data.append(text).append('\n');
          }
          messages.add(data.toString());
          reply(out, "250 2.0.0 queued");
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        default -> reply(out, "502 unknown");
      }
    }
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
