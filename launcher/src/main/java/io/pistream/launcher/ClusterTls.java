package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * The {@code cluster.tls} section: event-bus messages between nodes over TLS, both ways authenticated.
 * Every node presents {@code certFile}/{@code keyFile} and accepts only peers whose certificate
 * {@code caFile} signed, or, with no {@code caFile}, peers presenting the node's own certificate (one
 * self-signed certificate shared by the cluster, the simplest setup). Hazelcast's own member traffic
 * stays unencrypted (its TLS is Enterprise-only).
 *
 * @param certFile this node's certificate, PEM; empty: no TLS
 * @param keyFile its private key, PEM
 * @param caFile the certificate that signed the nodes' certificates, PEM; empty: trust {@code certFile}
 */
record ClusterTls(String certFile, String keyFile, String caFile) {

  static final ClusterTls OFF = new ClusterTls("", "", "");

  boolean enabled() {
    return !certFile.isEmpty();
  }

  /** @throws ConfigException when only one of certFile and keyFile is set */
  static ClusterTls from(ConfigReader tls) {
    String cert = tls.string("certFile", "").trim();
    String key = tls.string("keyFile", "").trim();
    String ca = tls.string("caFile", "").trim();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(tls.path(cert.isEmpty() ? "certFile" : "keyFile") + " is empty, but "
          + tls.path(cert.isEmpty() ? "keyFile" : "certFile") + " is set: event-bus TLS needs both PEM files");
    }
    if (cert.isEmpty() && !ca.isEmpty()) {
      throw new ConfigException(tls.path("caFile") + " is set without " + tls.path("certFile") + " and keyFile");
    }
    return new ClusterTls(cert, key, ca);
  }

  void applyTo(EventBusOptions eventBus) {
    if (!enabled()) {
      return;
    }
    // Peers are authenticated by the certificate chain, both ways (the event bus checks no host names:
    // nodes are mostly reached by an IP address a certificate does not name).
    eventBus.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile).setKeyPath(keyFile))
        .setTrustOptions(new PemTrustOptions().addCertPath(caFile.isEmpty() ? certFile : caFile))
        .setClientAuth(ClientAuth.REQUIRED);
  }
}
