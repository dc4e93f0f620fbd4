package io.pistream.launcher;

import java.nio.file.Path;
import java.util.Map;

/** Command-line options of the launcher. */
record LaunchOptions(Path configFile, boolean configRequired, boolean help, boolean cluster) {

  LaunchOptions(Path configFile, boolean configRequired, boolean help) {
    this(configFile, configRequired, help, false);
  }

  static final String USAGE = """
      usage: java -jar pistream.jar [--config FILE] [--cluster]
        --config FILE   YAML config (default: conf/config.yaml if present, else the packed defaults;
                        PISTREAM_CONFIG names it too). Any setting can be overridden by an environment
                        variable: http.port -> PISTREAM_HTTP_PORT.
        --cluster       join the other pistream nodes (Hazelcast); same as cluster.enabled: true
        --help          this text
      java -jar pistream.jar hash-password [--token]   a password's hash, or a new token and its hash, for http.auth
      java -jar pistream.jar backup FILE [--force]     a checked copy of the database (docs/BACKUP.md; also export,
                                                       import, import-flask)""";

  static LaunchOptions parse(String[] args, Map<String, String> env) {
    Path config = null;
    boolean help = false;
    boolean cluster = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c", "-conf" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a file name");
          }
          config = Path.of(args[++i]);
        }
        case "--help", "-h" -> help = true;
        case "--cluster", "-cluster" -> cluster = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (config == null && env.get("PISTREAM_CONFIG") != null && !env.get("PISTREAM_CONFIG").isBlank()) {
      config = Path.of(env.get("PISTREAM_CONFIG"));
    }
    return config == null
        ? new LaunchOptions(PistreamLauncher.DEFAULT_CONFIG, false, help, cluster)
        : new LaunchOptions(config, true, help, cluster);
  }
}
