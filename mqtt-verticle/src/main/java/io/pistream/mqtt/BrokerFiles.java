package io.pistream.mqtt;

import io.pistream.contracts.ConfigException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * What the connection needs from files, read once at start on a worker: the password (inline or from
 * {@code passwordFile}) and the CA certificates of {@code caFile}, checked to be PEM certificates so a
 * wrong file fails the start instead of every TLS handshake.
 *
 * @param password empty when the broker takes no login
 * @param caCertificates PEM; null for the JVM's trust store
 */
record BrokerFiles(String password, Buffer caCertificates) {

  /** Blocking: call on a worker. @throws ConfigException naming the setting whose file is unusable */
  static BrokerFiles read(MqttSettings settings) {
    String password = settings.password();
    if (password.isEmpty() && !settings.passwordFile().isEmpty()) {
      password = readPassword(Path.of(settings.passwordFile()));
    }
    Buffer ca = settings.caFile().isEmpty() ? null : readCertificates(Path.of(settings.caFile()));
    return new BrokerFiles(password, ca);
  }

  private static String readPassword(Path file) {
    try {
      // Editors and `echo` end the file with a newline that is not part of the password.
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ConfigException(MqttSettings.SECTION + ".passwordFile " + file + " is empty");
      }
      return text;
    } catch (IOException e) {
      throw new ConfigException(MqttSettings.SECTION + ".passwordFile cannot be read: " + file + " (" + e + ")");
    }
  }

  private static Buffer readCertificates(Path file) {
    byte[] pem;
    try {
      pem = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(MqttSettings.SECTION + ".caFile cannot be read: " + file + " (" + e + ")");
    }
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
    } catch (CertificateException e) {
      throw new ConfigException(MqttSettings.SECTION + ".caFile " + file + " must hold PEM certificates: " + e.getMessage());
    }
    return Buffer.buffer(pem);
  }

  @Override
  public String toString() {
    return "BrokerFiles[password " + (password.isEmpty() ? "none" : "set") + ", ca " + (caCertificates == null ? "JVM" : "file") + "]";
  }
}
