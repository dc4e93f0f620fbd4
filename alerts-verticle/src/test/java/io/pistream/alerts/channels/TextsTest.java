package io.pistream.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void shortTextsStayAsTheyAre() {
    assertThat(Texts.truncate("short", 10)).isEqualTo("short");
    assertThat(Texts.truncateUtf8("short", 10)).isEqualTo("short");
  }

  @Test
  void truncateEndsWithAnEllipsisWithinTheLimit() {
    assertThat(Texts.truncate("abcdefghij", 5)).isEqualTo("abcd…");
  }

  @Test
  void truncateNeverSplitsASurrogatePair() {
    String text = "abc😀def";
    assertThat(Texts.truncate(text, 5)).isEqualTo("abc…");
    assertThat(Texts.truncate(text, 6)).isEqualTo("abc😀…");
  }

  @Test
  void truncateUtf8CountsBytesAndKeepsWholeCharacters() {
    String cut = Texts.truncateUtf8("°".repeat(10), 9);
    assertThat(cut).isEqualTo("°°°…");
    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(9);
  }

  @Test
  void redactHidesEverySecretOfFourCharsOrMore() {
    assertThat(Texts.redact("token abcd1234 in /bot1:abcd1234/x", List.of("abcd1234", "x")))
        .isEqualTo("token *** in /bot1:***/x");
    assertThat(Texts.redact(null, List.of("abcd"))).isEmpty();
  }

  @Test
  void bodyWithLinkPutsTheLinkOnItsOwnLine() {
    assertThat(Texts.bodyWithLink(SampleAlerts.firing())).endsWith("since 14:02\n\nhttps://pi.example/history?s=pi-1/dht22");
    assertThat(Texts.bodyWithLink(SampleAlerts.resolved())).isEqualTo("temperature back to 28.0 °C");
  }
}
