package io.sluice.coordination;

/**
 * The znode layout of one Sluice cluster (see docs/zookeeper.md). Immutable and thread-safe.
 *
 * <pre>
 * &lt;base&gt;/&lt;cluster&gt;/tiers/&lt;tier&gt;/members/&lt;id&gt;   ephemeral, one per live aggregator
 * &lt;base&gt;/&lt;cluster&gt;/topology                        the current topology document
 * &lt;base&gt;/&lt;cluster&gt;/topology-history/&lt;version&gt;     every pushed version, kept
 * &lt;base&gt;/&lt;cluster&gt;/agents/&lt;agent&gt;                 an agent's whole properties text
 * &lt;base&gt;/&lt;cluster&gt;/monitoring/&lt;agent@host:port&gt;   ephemeral, one per agent with a
 *                                               monitoring server
 * </pre>
 */
public final class ZkPaths {
  private final String root;

  public ZkPaths(String basePath, String cluster) {
    checkName("cluster", cluster);
    this.root = ("/".equals(basePath) ? "" : basePath) + "/" + cluster;
  }

  /** The cluster's root, {@code <base>/<cluster>}. */
  public String root() {
    return root;
  }

  public String tiers() {
    return root + "/tiers";
  }

  public String members(String tier) {
    return tiers() + "/" + checkName("tier", tier) + "/members";
  }

  public String member(String tier, String id) {
    return members(tier) + "/" + checkName("member id", id);
  }

  public String topology() {
    return root + "/topology";
  }

  public String topologyHistory() {
    return root + "/topology-history";
  }

  /** Zero-padded so that ZooKeeper's (string) child order is version order too. */
  public String topologyVersion(long version) {
    return topologyHistory() + "/" + String.format("%010d", version);
  }

  public String agents() {
    return root + "/agents";
  }

  public String agent(String agent) {
    return agents() + "/" + checkName("agent name", agent);
  }

  /** Where agents announce their monitoring servers ({@link AgentEndpoint}). */
  public String monitoring() {
    return root + "/monitoring";
  }

  public String monitoring(String endpointId) {
    return monitoring() + "/" + checkName("monitoring endpoint", endpointId);
  }

  /** Rejects names that would break the layout: empty, '/', '.', '..' or control characters. */
  static String checkName(String what, String name) {
    if (name == null || name.isEmpty() || ".".equals(name) || "..".equals(name)
        || name.chars().anyMatch(c -> c == '/' || Character.isISOControl(c) || c == ' ')) {
      throw new IllegalArgumentException(
          what + " '" + name + "' is not a valid ZooKeeper node name (no '/', spaces, '.' or '..')");
    }
    return name;
  }

  @Override
  public String toString() {
    return root;
  }
}
