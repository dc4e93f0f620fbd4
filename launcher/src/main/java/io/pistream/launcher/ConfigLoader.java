package io.pistream.launcher;

import io.pistream.contracts.ConfigException;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the effective config in three layers: the defaults packed in the jar (a copy of
 * {@code conf/config.yaml}), then the user's YAML file, then {@code PISTREAM_*} environment variables.
 * A user's file therefore only needs the settings it changes.
 */
final class ConfigLoader {

  static final String DEFAULTS_RESOURCE = "pistream/config.yaml";

  private final Vertx vertx;

  ConfigLoader(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * @param file the user's config file; when {@code required} is false a missing file is skipped
   * @param env the environment to apply over the files
   */
  Future<JsonObject> load(Path file, boolean required, Map<String, String> env) {
    if (required && !Files.isRegularFile(file)) {
      return Future.failedFuture(new ConfigException("config file " + file + " does not exist"));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(yaml(DEFAULTS_RESOURCE, false));
    if (Files.isRegularFile(file)) {
      options.addStore(yaml(file.toString(), false));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException("cannot read config " + file + ": " + rootMessage(e))))
        .map(config -> {
          EnvOverrides.apply(config, env);
          return config;
        })
        .eventually(retriever::close);
  }

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
