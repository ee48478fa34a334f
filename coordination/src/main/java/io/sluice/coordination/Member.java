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

  public Member {
    ZkPaths.checkName("member id", id);
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("member '" + id + "': host is empty");
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
