package io.sluice.edge.discovery;

import io.sluice.coordination.Member;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an edge requires of a discovered member before it sends it data, whatever ZooKeeper says
 * ({@code discovery.requireTls}, {@code discovery.allowedHosts}): anyone who can write a member
 * node could otherwise point the edge at any host, or at a plain-text port. Host names are never
 * resolved here: a name is allowed by a name entry ({@code agg1.example.com}) or a suffix
 * ({@code .example.com}), an address literal by a CIDR block ({@code 10.1.0.0/16}, {@code
 * fd00::/8}) or an address. Immutable.
 *
 * @param requireTls every member must announce a TLS port; its sink then always uses TLS
 * @param allowedHosts the hosts members may name; empty allows any
 */
public record MemberTrust(boolean requireTls, List<HostRule> allowedHosts) {
  public static final MemberTrust ANY = new MemberTrust(false, List.of());

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public MemberTrust {
    allowedHosts = List.copyOf(allowedHosts);
  }

  /**
   * Parses the {@code allowedHosts} entries.
   *
   * @throws IllegalArgumentException naming the entry that is neither a host name, a suffix, an
   *     address nor a CIDR block
   */
  public static MemberTrust of(boolean requireTls, List<String> allowedHosts) {
    List<HostRule> rules = new ArrayList<>();
    for (String item : allowedHosts) {
      for (String raw : item.split(",")) { // as Flume lists, space- or comma-separated
        String entry = raw.trim().toLowerCase(Locale.ROOT);
        if (!entry.isEmpty()) {
          rules.add(HostRule.parse(entry));
        }
      }
    }
    return new MemberTrust(requireTls, rules);
  }

  /** Why the edge will not send to {@code m}, or empty when it may. */
  public Optional<String> refusal(Member m) {
    if (requireTls && !m.tls()) {
      return Optional.of("it announces a plain-text port (tls=false) and discovery.requireTls is "
          + "set");
    }
    if (allowedHosts.isEmpty()) {
      return Optional.empty();
    }
    Optional<InetAddress> literal = literal(m.host());
    String name = m.host().toLowerCase(Locale.ROOT);
    for (HostRule r : allowedHosts) {
      if (literal.isPresent() ? r.matches(literal.get()) : r.matches(name)) {
        return Optional.empty();
      }
    }
    return Optional.of("its host is not in discovery.allowedHosts");
  }

  /** The address a host text spells, without any lookup; empty for a host name. */
  static Optional<InetAddress> literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    try {
      if (IPV4.matcher(h).matches()) {
        byte[] b = new byte[4];
        String[] parts = h.split("\\.");
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(parts[i]);
          if (v > 255) {
            return Optional.empty();
          }
          b[i] = (byte) v;
        }
        return Optional.of(InetAddress.getByAddress(b));
      }
      // with a ':' the JDK parses an IPv6 literal and never looks anything up
      return h.contains(":") ? Optional.of(InetAddress.getByName(h)) : Optional.empty();
    } catch (UnknownHostException notAnAddress) {
      return Optional.empty();
    }
  }

  /** One {@code allowedHosts} entry. */
  public record HostRule(String text, byte[] network, int prefixBits) {
    static HostRule parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      Optional<InetAddress> literal = literal(address);
      if (literal.isEmpty()) {
        if (slash >= 0 || !entry.matches("\\.?[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?")) {
          throw new IllegalArgumentException("'" + entry + "' is neither a host name, a "
              + "'.suffix', an address nor a CIDR block (address/bits)");
        }
        return new HostRule(entry, null, 0);
      }
      byte[] network = literal.get().getAddress();
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("'" + entry + "': the prefix length must be 0.."
              + network.length * 8);
        }
      }
      return new HostRule(entry, network, bits);
    }

    boolean matches(InetAddress address) {
      byte[] a = address.getAddress();
      if (network == null || a.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefixBits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }

    /** A name matches an equal entry, or a '.suffix' entry it ends with. */
    boolean matches(String name) {
      if (network != null) {
        return false;
      }
      String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      return text.startsWith(".") ? n.endsWith(text) : n.equals(text);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
