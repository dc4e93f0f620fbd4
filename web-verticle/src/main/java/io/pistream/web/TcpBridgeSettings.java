package io.pistream.web;

import io.pistream.contracts.ConfigReader;

/**
 * The {@code http.tcpBridge} settings.
 *
 * @param enabled whether the TCP event-bus bridge listens
 * @param host address it listens on
 * @param port TCP port it listens on
 */
record TcpBridgeSettings(boolean enabled, String host, int port) {

  static TcpBridgeSettings from(ConfigReader tcpBridge) {
    return new TcpBridgeSettings(
        tcpBridge.bool("enabled", false),
        tcpBridge.string("host", "127.0.0.1"),
        (int) tcpBridge.integer("port", 7000, 1, 65_535));
  }
}
