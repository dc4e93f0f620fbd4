package io.pistream.web;

import io.netty.util.NetUtil;
import io.pistream.contracts.ConfigException;
import io.pistream.contracts.ConfigReader;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code http.trustedProxies} list: addresses or CIDR ranges of reverse proxies whose
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} are believed. From
 * anyone else those headers are ignored, so a client cannot pick the address the guessing limit counts.
 */
final class TrustedProxies {

  static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  /** An address range: the first {@code bits} bits of {@code network}. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int total = network.length * 8;
      BigInteger mask = BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE).shiftRight(bits).not();
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }

  private final List<String> entries;
  private final List<Range> ranges;

  private TrustedProxies(List<String> entries, List<Range> ranges) {
    this.entries = List.copyOf(entries);
    this.ranges = List.copyOf(ranges);
  }

  /** @throws ConfigException naming an entry that is not an IP address or a CIDR range */
  static TrustedProxies from(ConfigReader http) {
    List<String> entries = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    var list = http.list("trustedProxies");
    for (int i = 0; i < list.size(); i++) {
      String entry = String.valueOf(list.getValue(i)).trim();
      entries.add(entry);
      ranges.add(parse(entry, http.path("trustedProxies") + "[" + i + "]"));
    }
    return new TrustedProxies(entries, ranges);
  }

  private static Range parse(String entry, String path) {
    String trimmed = entry.trim();
    int slash = trimmed.indexOf('/');
    byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? trimmed : trimmed.substring(0, slash));
    if (address == null) {
      throw new ConfigException(path + " must be an IP address or a CIDR range such as 192.168.1.0/24, got '" + entry + "'");
    }
    int bits = address.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new ConfigException(path + " has a prefix length outside 0-" + address.length * 8 + ": '" + entry + "'");
      }
    }
    return new Range(address, bits);
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustedProxies proxies && proxies.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Mount before anything that asks {@link ClientConnection#of}. */
  void mount(Router root) {
    root.route().handler(ctx -> {
      resolve(ctx.request()).putInto(ctx);
      ctx.next();
    });
  }

  ClientConnection resolve(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String address = peer == null ? "unknown" : peer.hostAddress();
    HostAndPort authority = request.authority();
    String host = authority == null ? null : authority.toString();
    boolean secure = request.isSSL();
    if (!trusts(address)) {
      return new ClientConnection(address, secure, host);
    }
    // Each proxy appends the address it heard from: the first untrusted one from the right is the client.
    String forwardedFor = request.getHeader("X-Forwarded-For");
    if (forwardedFor != null) {
      String[] hops = forwardedFor.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
          break;
        }
        address = hop;
        if (!trusts(hop)) {
          break;
        }
      }
    }
    String proto = lastValue(request.getHeader("X-Forwarded-Proto"));
    if (proto != null) {
      secure = proto.equalsIgnoreCase("https");
    }
    String forwardedHost = lastValue(request.getHeader("X-Forwarded-Host"));
    return new ClientConnection(address, secure, forwardedHost != null ? forwardedHost : host);
  }

  private boolean trusts(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  private static String lastValue(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String[] values = header.split(",");
    return values[values.length - 1].trim();
  }
}
