package io.pistream.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS for the origins {@code http.corsOrigins} lists, and for nobody else: a page of such a site (a home
 * dashboard on another port, say) may read the API and the streams with a token in its
 * {@code Authorization} header. Reads only, and no cookies: a listed site still cannot act as a
 * logged-in browser.
 */
final class CrossOriginReads {

  private final List<String> origins;

  CrossOriginReads(List<String> origins) {
    this.origins = List.copyOf(origins);
  }

  /** Mount before the guard: a preflight carries no credentials. */
  void mount(Router root) {
    if (origins.isEmpty()) {
      return;
    }
    root.route().handler(CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD))
        .allowedHeaders(Set.of("Authorization", "Accept"))
        .allowCredentials(false)
        .maxAgeSeconds(600));
  }
}
