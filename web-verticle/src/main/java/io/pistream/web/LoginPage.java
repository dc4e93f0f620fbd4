package io.pistream.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The login page, {@code login/login.html}, in one variant per message it can show. The variants are
 * made once: nothing a visitor sends is ever written into the page, so it cannot carry a script.
 */
final class LoginPage {

  /** Why the page is shown; named in its query string, e.g. {@code /login?failed}. */
  enum Message {
    NONE(""),
    FAILED("Wrong name or password."),
    THROTTLED("Too many failed logins. Wait a minute, then try again."),
    EXPIRED("Your login has ended. Please log in again."),
    LOGGED_OUT("You are logged out.");

    private final String text;

    Message(String text) {
      this.text = text;
    }

    /** Its name in a query string: {@code failed}, {@code throttled}, {@code expired}, {@code logged-out}. */
    String parameter() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private static final String TEMPLATE = "login/login.html";

  private final Map<Message, Buffer> variants;

  private LoginPage(Map<Message, Buffer> variants) {
    this.variants = variants;
  }

  static Future<LoginPage> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      String template = DashboardPages.resource(TEMPLATE);
      Map<Message, Buffer> variants = new EnumMap<>(Message.class);
      for (Message message : Message.values()) {
        String paragraph = message.text.isEmpty() ? "" : "    <p class=\"login-message\" role=\"alert\">" + message.text + "</p>";
        variants.put(message, Buffer.buffer(template.replace("{{message}}", paragraph)));
      }
      return new LoginPage(variants);
    });
  }

  Buffer html(Message message) {
    return variants.get(message);
  }
}
