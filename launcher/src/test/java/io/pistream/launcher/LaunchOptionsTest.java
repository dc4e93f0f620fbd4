package io.pistream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

  @Test
  void withoutArgumentsTheDefaultFileIsOptional() {
    LaunchOptions options = LaunchOptions.parse(new String[0], Map.of());
    assertThat(options.configFile()).isEqualTo(Path.of("conf", "config.yaml"));
    assertThat(options.configRequired()).isFalse();
  }

  @Test
  void aNamedFileIsRequired() {
    LaunchOptions options = LaunchOptions.parse(new String[] {"--config", "my.yaml"}, Map.of());
    assertThat(options.configFile()).isEqualTo(Path.of("my.yaml"));
    assertThat(options.configRequired()).isTrue();
  }

  @Test
  void theEnvironmentCanNameTheFileButTheFlagWins() {
    assertThat(LaunchOptions.parse(new String[0], Map.of("PISTREAM_CONFIG", "env.yaml")).configFile())
        .isEqualTo(Path.of("env.yaml"));
    assertThat(LaunchOptions.parse(new String[] {"-c", "flag.yaml"}, Map.of("PISTREAM_CONFIG", "env.yaml")).configFile())
        .isEqualTo(Path.of("flag.yaml"));
  }

  @Test
  void unknownOptionsAndMissingValuesAreRefused() {
    assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--verbose"}, Map.of()))
        .hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--config"}, Map.of()))
        .hasMessageContaining("--config needs a file name");
  }
}
