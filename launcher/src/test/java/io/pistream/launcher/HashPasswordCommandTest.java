package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.PasswordHashes;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashPasswordCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) throws IOException {
    return HashPasswordCommand.run(args, null, new BufferedReader(new StringReader(stdin)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsAHashOfThePasswordReadFromStdinAndNeverThePassword() throws IOException {
    assertThat(run("greenhouse tomato\n")).isZero();
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(printed).startsWith("$pbkdf2-sha256$i=600000$").doesNotContain("tomato");
    assertThat(PasswordHashes.verifyPassword("greenhouse tomato".toCharArray(), printed)).isTrue();
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("tomato");
  }

  @Test
  void anEmptyPasswordPrintsNothing() throws IOException {
    assertThat(run("\n")).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("empty password");
  }

  @Test
  void tokenPrintsANewTokenAndTheHashThatVerifiesIt() throws IOException {
    assertThat(run("", "--token")).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
    assertThat(lines).hasSize(2);
    String token = lines[0].replace("token:", "").trim();
    String hash = lines[1].replace("tokenHash:", "").trim();
    assertThat(PasswordHashes.verifyToken(token, hash)).isTrue();
  }

  @Test
  void anUnknownOptionShowsTheUsage() throws IOException {
    assertThat(run("", "--bcrypt")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: pistream hash-password");
  }
}
