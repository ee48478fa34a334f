package io.sluice.coordination;

import java.util.Comparator;

/**
 * One live aggregator as it announces itself under {@code tiers/<tier>/members/<id>}. Immutable.
 *
 * @param id unique within the tier; also the znode name
 * @param host the address edges connect to
 * @param port the Avro source port
 * @param tls whether the port speaks TLS
 * @param weight relative share for load balancing, and the failover priority when the topology gives
 *     none (higher first)
 * @param version the aggregator's software version, for operators
 * @param pid the aggregator's process id on its machine, for operators and drills that signal it;
 *     0 when unknown (members written by older aggregators)
 */
public record Member(String id, String host, int port, boolean tls, int weight, String version,
    long pid) {
  /** Edges see members in id order, so that equal memberships compare equal. */
  public static final Comparator<Member> BY_ID = Comparator.comparing(Member::id);

  /** Longest member id: ids end up in sink names, metric names and drill command lines. */
  public static final int MAX_ID_LENGTH = 128;
  /** A DNS name's limit; an IPv6 literal is far shorter. */
  public static final int MAX_HOST_LENGTH = 253;
  public static final int MAX_VERSION_LENGTH = 128;
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(
      "[A-Za-z0-9_.-]{1," + MAX_ID_LENGTH + "}");
  /**
   * A host name, an IPv4 address or an IPv6 literal (with or without brackets). Never a leading
   * '-': the host reaches command lines (ssh in drills) where it would be read as an option.
   */
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
      "(?![-.])[A-Za-z0-9_.:\\[\\]-]{1," + MAX_HOST_LENGTH + "}");

  public Member {
    ZkPaths.checkName("member id", id);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("member id " + printable(id) + " must be 1.."
          + MAX_ID_LENGTH + " of A-Z a-z 0-9 _ . -");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("member '" + id + "': host is empty");
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("member '" + id + "': host " + printable(host)
          + " is not a host name or address (letters, digits, '.', '-', ':', '[]', at most "
          + MAX_HOST_LENGTH + ", not starting with '-' or '.')");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("member '" + id + "': port " + port + " is not 1..65535");
    }
    if (weight < 0) {
      throw new IllegalArgumentException("member '" + id + "': weight " + weight + " is negative");
    }
    if (pid < 0) {
      throw new IllegalArgumentException("member '" + id + "': pid " + pid + " is negative");
    }
    version = version == null ? "" : version;
    if (version.length() > MAX_VERSION_LENGTH || version.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("member '" + id + "': version " + printable(version)
          + " is longer than " + MAX_VERSION_LENGTH + " or holds control characters");
    }
  }

  /**
   * Text from ZooKeeper made safe for one log or terminal line: quoted, control characters as
   * backslash-u escapes, cut at 80 characters.
   */
  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(text.length() > 80 ? "'..." : "'").toString();
  }

  /** A member whose process id is not announced. */
  public Member(String id, String host, int port, boolean tls, int weight, String version) {
    this(id, host, port, tls, weight, version, 0);
  }

  /** {@code host:port}, as Flume's Avro sink names its peer. */
  public String address() {
    return host + ":" + port;
  }
}
