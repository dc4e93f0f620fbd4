package io.pistream.web;

/** A query parameter that cannot be served; answered as HTTP 400 naming the parameter. */
final class BadParameterException extends Exception {

  private final String parameter;

  BadParameterException(String parameter, String detail) {
    super(detail);
    this.parameter = parameter;
  }

  String parameter() {
    return parameter;
  }
}
