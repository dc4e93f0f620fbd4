package io.pistream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashesTest {

  @Test
  void aPasswordVerifiesAgainstItsSaltedHashAndNoOtherDoes() {
    String hash = PasswordHashes.hashPassword("correct horse".toCharArray());
    assertThat(hash).startsWith("$pbkdf2-sha256$i=600000$").doesNotContain("correct");
    assertThat(PasswordHashes.verifyPassword("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHashes.verifyPassword("correct horsf".toCharArray(), hash)).isFalse();
    assertThat(PasswordHashes.hashPassword("correct horse".toCharArray())).as("salted").isNotEqualTo(hash);
  }

  @Test
  void aHashKeepsItsOwnIterationCount() {
    // made with 1000 iterations: an older or tuned hash still verifies
    String phc = "$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0$" + hashOf("pw", "c2FsdHNhbHRzYWx0", 1000);
    assertThat(PasswordHashes.verifyPassword("pw".toCharArray(), phc)).isTrue();
  }

  @Test
  void aTokenIsLongRandomAndOnlyItsHashIsKept() {
    String token = PasswordHashes.newToken();
    assertThat(token).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
    assertThat(PasswordHashes.newToken()).isNotEqualTo(token);
    String hash = PasswordHashes.hashToken(token);
    assertThat(hash).startsWith("$sha256$").doesNotContain(token);
    assertThat(PasswordHashes.verifyToken(token, hash)).isTrue();
    assertThat(PasswordHashes.verifyToken(token + "x", hash)).isFalse();
  }

  @Test
  void malformedHashesAreRefusedSayingHowToMakeOne() {
    assertThatThrownBy(() -> PasswordHashes.requirePasswordHash("hunter2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pistream hash-password");
    assertThatThrownBy(() -> PasswordHashes.requirePasswordHash("$pbkdf2-sha256$i=x$AAAA$BBBB"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not parse");
    assertThatThrownBy(() -> PasswordHashes.requireTokenHash("$sha256$AAAA"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> PasswordHashes.requireTokenHash(PasswordHashes.hashPassword("x".toCharArray())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash-password --token");
  }

  private static String hashOf(String password, String saltB64, int iterations) {
    try {
      javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(password.toCharArray(),
          java.util.Base64.getDecoder().decode(saltB64), iterations, 256);
      byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return java.util.Base64.getEncoder().withoutPadding().encodeToString(hash);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
