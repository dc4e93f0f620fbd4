package io.pistream.web;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query string read strictly: a parameter an endpoint does not know is an error rather than ignored
 * (a typo must not silently change a chart), and a single-valued parameter given twice is an error. An
 * empty value counts as not given, because HTML forms send their empty fields.
 */
final class QueryParameters {

  private final MultiMap params;

  private QueryParameters(MultiMap params) {
    this.params = params;
  }

  static QueryParameters of(MultiMap params, Set<String> allowed) throws BadParameterException {
    Set<String> unknown = new TreeSet<>();
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      String expected = allowed.isEmpty() ? "this endpoint takes no parameters" : "expected " + String.join(", ", new TreeSet<>(allowed));
      throw new BadParameterException(String.join(", ", unknown), "unknown parameter; " + expected);
    }
    return new QueryParameters(params);
  }

  /** The value of a single-valued parameter, or null when it is absent or empty. */
  String single(String name) throws BadParameterException {
    List<String> values = all(name);
    if (values.size() > 1) {
      throw new BadParameterException(name, "given more than once");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every non-empty value of a repeatable parameter, trimmed, in the order given. */
  List<String> all(String name) {
    return params.getAll(name).stream().map(String::trim).filter(value -> !value.isEmpty()).toList();
  }
}
