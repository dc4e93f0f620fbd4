package io.pistream.mqtt;

import java.nio.file.Path;
import java.util.List;

/** A self-signed certificate for 127.0.0.1 and localhost, made by openssl at test time: its own CA file. */
record TestCertificates(Path certFile, Path keyFile) {

  static TestCertificates make(Path dir) {
    Path cert = dir.resolve("broker-cert.pem");
    Path key = dir.resolve("broker-key.pem");
    MosquittoBroker.run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", key.toString(), "-out", cert.toString()));
    return new TestCertificates(cert, key);
  }
}
