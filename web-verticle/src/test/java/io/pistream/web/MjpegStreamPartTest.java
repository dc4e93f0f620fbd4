package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MjpegStreamPartTest {

  @Test
  void aPartIsBoundaryHeadersJpegAndCrlf() {
    Buffer jpeg = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});

    Buffer part = MjpegStreamPart.build(jpeg, 1_700_000_000_123L);

    String head = "--pistreamframe\r\n"
        + "Content-Type: image/jpeg\r\n"
        + "Content-Length: 7\r\n"
        + "X-Timestamp: 1700000000.123000\r\n"
        + "\r\n";
    assertThat(part.getString(0, head.length(), StandardCharsets.US_ASCII.name())).isEqualTo(head);
    assertThat(part.getBuffer(head.length(), head.length() + 7)).isEqualTo(jpeg);
    assertThat(part.getString(head.length() + 7, part.length())).isEqualTo("\r\n");
    assertThat(part.length()).isEqualTo(head.length() + 7 + 2);
  }

  @Test
  void timestampsAreSecondsWithSixDigitsOfMicroseconds() {
    assertThat(MjpegStreamPart.timestamp(5L)).isEqualTo("0.005000");
    assertThat(MjpegStreamPart.timestamp(1_000L)).isEqualTo("1.000000");
    assertThat(MjpegStreamPart.timestamp(1_700_000_000_999L)).isEqualTo("1700000000.999000");
  }

  @Test
  void theContentTypeNamesTheBoundary() {
    assertThat(MjpegStreamPart.CONTENT_TYPE).isEqualTo("multipart/x-mixed-replace; boundary=" + MjpegStreamPart.BOUNDARY);
  }
}
