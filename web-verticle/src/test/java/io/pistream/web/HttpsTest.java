package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pistream.contracts.ConfigException;
import io.pistream.contracts.PasswordHashes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTPS from PEM files, with a certificate made for the test. */
@ExtendWith(VertxExtension.class)
class HttpsTest {

  private static SelfSignedCertificate certificate;
  private static String passwordHash;

  @BeforeAll
  static void certificate() {
    certificate = SelfSignedCertificate.create("localhost");
    passwordHash = PasswordHashes.hashPassword("bob-pw".toCharArray());
  }

  private static JsonObject config(JsonObject tls) {
    return new JsonObject()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("tls", tls)
        .put("auth", new JsonObject().put("users", new JsonArray()
            .add(new JsonObject().put("name", "bob").put("passwordHash", passwordHash))))
        .put("node", new JsonObject().put("id", "hub").put("name", "hub"));
  }

  private static JsonObject pemFiles() {
    return new JsonObject().put("certFile", certificate.certificatePath()).put("keyFile", certificate.privateKeyPath());
  }

  private static Throwable startFailure(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new WebVerticle(), new DeploymentOptions().setConfig(config))
        .<Throwable>map(id -> null)
        .recover(Future::succeededFuture)
        .timeout(30, TimeUnit.SECONDS).await();
  }

  @Test
  void theServerSpeaksHttpsAndTheSessionCookieIsSecure(Vertx vertx) {
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(config(pemFiles()))).timeout(30, TimeUnit.SECONDS).await();
    WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setFollowRedirects(false)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certificatePath())));

    HttpResponse<Buffer> health = https.get(web.actualPort(), "localhost", "/health").send().timeout(30, TimeUnit.SECONDS).await();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.version()).as("HTTP/1.1 only, also over TLS").isEqualTo(io.vertx.core.http.HttpVersion.HTTP_1_1);

    HttpResponse<Buffer> loggedIn = https.post(web.actualPort(), "localhost", "/login")
        .putHeader("Origin", "https://localhost:" + web.actualPort())
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("username", "bob").add("password", "bob-pw"))
        .timeout(30, TimeUnit.SECONDS).await();
    assertThat(loggedIn.statusCode()).isEqualTo(302);
    assertThat(loggedIn.cookies()).anyMatch(cookie -> cookie.startsWith(AccessControl.SESSION_COOKIE) && cookie.contains("Secure"));

    Throwable plain = WebClient.create(vertx).get(web.actualPort(), "localhost", "/health").send()
        .<Throwable>map(response -> null).recover(Future::succeededFuture).timeout(30, TimeUnit.SECONDS).await();
    assertThat(plain).as("plain HTTP on the HTTPS port gets no answer").isNotNull();
  }

  @Test
  void halfATlsSetupOrAMissingFileRefusesToStartNamingTheSetting(Vertx vertx) {
    Throwable half = startFailure(vertx, config(new JsonObject().put("certFile", certificate.certificatePath())));
    assertThat(half).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.tls.keyFile is empty");
    Throwable missing = startFailure(vertx, config(new JsonObject().put("certFile", "/nonexistent/cert.pem").put("keyFile", "/nonexistent/key.pem")));
    assertThat(missing).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.tls: cannot serve HTTPS with certFile /nonexistent/cert.pem");
  }
}
