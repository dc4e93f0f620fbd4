package io.pistream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  private final ConfigReader sensor = new ConfigReader(new JsonObject()
      .put("sensors", new JsonArray().add(new JsonObject().put("intervalSeconds", -1).put("driver", "dht99").put("on", "maybe"))),
      "sensor");

  @Test
  void errorsNameTheFullPathOfTheSetting() {
    ConfigReader first = sensor.element("sensors", 0);
    assertThatThrownBy(() -> first.integer("intervalSeconds", 2, 2, 3600))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sensor.sensors[0].intervalSeconds must be between 2 and 3600, got -1");
    assertThatThrownBy(() -> first.oneOf("driver", "simulated", List.of("simulated", "iio")))
        .hasMessage("sensor.sensors[0].driver must be one of simulated, iio, got 'dht99'");
    assertThatThrownBy(() -> first.bool("on", false))
        .hasMessage("sensor.sensors[0].on must be true or false, got 'maybe'");
  }

  @Test
  void missingSettingsTakeTheirDefaultAndTextNumbersAreRead() {
    ConfigReader reader = new ConfigReader(new JsonObject().put("port", "8080"), "http");
    assertThat(reader.integer("port", 1, 0, 65535)).isEqualTo(8080);
    assertThat(reader.string("host", "127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(reader.section("stream").json().isEmpty()).isTrue();
  }

  @Test
  void aWholeNumberSettingRefusesFractions() {
    assertThatThrownBy(() -> new ConfigReader(new JsonObject().put("port", 80.5), "http").integer("port", 1, 0, 65535))
        .hasMessage("http.port must be a whole number, got 80.5");
  }
}
