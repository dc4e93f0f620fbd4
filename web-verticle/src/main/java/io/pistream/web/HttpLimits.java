package io.pistream.web;

import io.pistream.contracts.ConfigReader;

/**
 * The {@code http.limits} settings: how long and how large a request may be before it is refused, so
 * that slow or oversized clients cannot hold a small Pi's connections or memory.
 *
 * @param headerTimeoutSeconds a connection that is not being answered must deliver a whole request head
 *     within this long (after it opens and after each answer), or it is closed
 * @param bodyTimeoutSeconds a request body must have arrived this long after its head
 * @param maxRequestLineBytes longest request line (method, path and query); longer ones get 414
 * @param maxHeaderBytes most bytes of all request headers together; more get 431
 */
record HttpLimits(int headerTimeoutSeconds, int bodyTimeoutSeconds, int maxRequestLineBytes, int maxHeaderBytes) {

  static HttpLimits from(ConfigReader limits) {
    return new HttpLimits(
        (int) limits.integer("headerTimeoutSeconds", 10, 1, 300),
        (int) limits.integer("bodyTimeoutSeconds", 30, 1, 3600),
        (int) limits.integer("maxRequestLineBytes", 4096, 256, 65_536),
        (int) limits.integer("maxHeaderBytes", 8192, 1024, 65_536));
  }
}
