package io.pistream.contracts;

/**
 * The sections of the config file, and which node role reads which: the launcher hands each role's
 * verticle its section (plus the node's identity under {@link NodeIdentity#KEY}), and each verticle
 * validates it whole at start through its settings record, naming settings by these paths.
 *
 * <table>
 *   <caption>role: section</caption>
 *   <tr><td>storage</td><td>{@value #STORAGE}</td></tr>
 *   <tr><td>sensor</td><td>{@value #SENSOR}</td></tr>
 *   <tr><td>camera</td><td>{@value #CAMERA}</td></tr>
 *   <tr><td>web</td><td>{@value #HTTP} (the web role serves HTTP, and later parts of the HTTP side extend it)</td></tr>
 *   <tr><td>alerts</td><td>{@value #ALERTS}</td></tr>
 * </table>
 * {@value #MQTT} is read by the MQTT bridge, which runs on every node with the sensor or camera role
 * when it is enabled.
 * {@value #CLUSTER} and {@code node} are the launcher's own.
 */
public final class ConfigSections {

  public static final String STORAGE = "storage";
  public static final String SENSOR = "sensor";
  public static final String CAMERA = "camera";
  public static final String HTTP = "http";
  public static final String CLUSTER = "cluster";
  public static final String ALERTS = "alerts";
  public static final String MQTT = "mqtt";

  private ConfigSections() {
  }
}
