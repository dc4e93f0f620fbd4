package io.pistream.sensor;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/** A Pi4J context on the mock platform, as Pi4J's example components test theirs. */
final class MockGpio {

  static Context newContext() {
    return Pi4J.newContextBuilder()
        .add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
        .build();
  }

  private MockGpio() {
  }
}
