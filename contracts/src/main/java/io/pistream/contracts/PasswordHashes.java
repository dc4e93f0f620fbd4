package io.pistream.contracts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The stored forms of pistream's secrets, as PHC strings, so only a hash is ever in a config file.
 * Passwords: PBKDF2-HMAC-SHA256 from the JDK, salted, at OWASP's 2023 iteration count
 * ({@code $pbkdf2-sha256$i=600000$<salt>$<hash>}); slow on purpose, so verify them off the event loop.
 * API tokens: 256 random bits, which no one can guess, so one SHA-256 ({@code $sha256$<hash>}) is enough
 * and checking one is cheap. Base64 without padding, as the PHC format has it.
 */
public final class PasswordHashes {

  public static final int ITERATIONS = 600_000;
  private static final String PBKDF2 = "pbkdf2-sha256";
  private static final String SHA256 = "sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int TOKEN_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  /** A salted PBKDF2 hash of the password, at {@link #ITERATIONS}. */
  public static String hashPassword(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return "$" + PBKDF2 + "$i=" + ITERATIONS + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(pbkdf2(password, salt, ITERATIONS));
  }

  /** Whether the password matches a {@link #hashPassword} string; takes the hash's own iteration count. */
  public static boolean verifyPassword(char[] password, String phc) {
    Pbkdf2 stored = parsePassword(phc);
    return MessageDigest.isEqual(stored.hash(), pbkdf2(password, stored.salt(), stored.iterations()));
  }

  /** A new API token: 256 random bits, URL-safe. */
  public static String newToken() {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  public static String hashToken(String token) {
    return "$" + SHA256 + "$" + B64.encodeToString(sha256(token));
  }

  public static boolean verifyToken(String token, String phc) {
    return MessageDigest.isEqual(parseToken(phc), sha256(token));
  }

  /** @throws IllegalArgumentException saying what is wrong with the string */
  public static void requirePasswordHash(String phc) {
    parsePassword(phc);
  }

  /** @throws IllegalArgumentException saying what is wrong with the string */
  public static void requireTokenHash(String phc) {
    parseToken(phc);
  }

  private record Pbkdf2(int iterations, byte[] salt, byte[] hash) {
  }

  private static Pbkdf2 parsePassword(String phc) {
    String[] parts = phc == null ? new String[0] : phc.split("\\$", -1);
    if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals(PBKDF2) || !parts[2].startsWith("i=")) {
      throw new IllegalArgumentException("is not a password hash of the form $" + PBKDF2
          + "$i=<iterations>$<salt>$<hash> (make one with: pistream hash-password)");
    }
    int iterations;
    byte[] salt;
    byte[] hash;
    try {
      iterations = Integer.parseInt(parts[2].substring(2));
      salt = B64_DECODER.decode(parts[3]);
      hash = B64_DECODER.decode(parts[4]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has an iteration count, salt or hash that does not parse");
    }
    if (iterations < 1 || salt.length < 8 || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("has an iteration count, salt or hash out of range");
    }
    return new Pbkdf2(iterations, salt, hash);
  }

  private static byte[] parseToken(String phc) {
    String prefix = "$" + SHA256 + "$";
    if (phc == null || !phc.startsWith(prefix)) {
      throw new IllegalArgumentException("is not a token hash of the form " + prefix
          + "<hash> (make a token and its hash with: pistream hash-password --token)");
    }
    byte[] hash;
    try {
      hash = B64_DECODER.decode(phc.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("has a hash that is not Base64");
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException("has a hash of " + hash.length + " bytes instead of " + HASH_BYTES);
    }
    return hash;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  private PasswordHashes() {
  }
}
