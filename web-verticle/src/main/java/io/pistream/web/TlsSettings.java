package io.pistream.web;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;

/**
 * The {@code http.tls} section: HTTPS from a PEM certificate (chain) and its PEM private key. Both empty:
 * plain HTTP, e.g. behind a reverse proxy that does TLS.
 *
 * @param certFile the certificate, then any intermediates, PEM
 * @param keyFile the private key, PEM (PKCS#8 or PKCS#1)
 */
record TlsSettings(String certFile, String keyFile) {

  static final TlsSettings OFF = new TlsSettings("", "");

  boolean enabled() {
    return !certFile.isEmpty();
  }

  /** @throws ConfigException when only one file is named; unreadable files fail the server's start */
  static TlsSettings from(ConfigReader tls) {
    String cert = tls.string("certFile", "").trim();
    String key = tls.string("keyFile", "").trim();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(tls.path(cert.isEmpty() ? "certFile" : "keyFile") + " is empty, but "
          + tls.path(cert.isEmpty() ? "keyFile" : "certFile") + " is set: HTTPS needs both PEM files");
    }
    return new TlsSettings(cert, key);
  }
}
