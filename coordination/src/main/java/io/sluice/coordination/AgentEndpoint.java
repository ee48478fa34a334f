package io.sluice.coordination;

import java.util.Locale;

/**
 * Where an agent's monitoring server answers, as the agent announces it under
 * {@code monitoring/<agent@host:port>} (see docs/zookeeper.md), so that {@code sluice status}
 * finds every agent of a cluster, edges included. Immutable.
 *
 * @param agent the agent's name ({@code -n})
 * @param role what the agent is in the cluster
 * @param host the address the monitoring server answers on
 * @param port its port
 * @param pid the agent's process id on its machine; 0 when unknown
 * @param version the agent's software version; may be empty
 * @param tier the tier an aggregator registers in; empty for edges
 * @param memberId an aggregator's member id in that tier; empty for edges
 */
public record AgentEndpoint(String agent, Role role, String host, int port, long pid,
    String version, String tier, String memberId) {

  /** What an agent is: an aggregator registers in a tier, every other agent is an edge. */
  public enum Role {
    EDGE,
    AGGREGATOR;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String text) {
      for (Role r : values()) {
        if (r.label().equals(text)) {
          return r;
        }
      }
      throw new IllegalArgumentException("role " + Member.printable(text)
          + " is not 'edge' or 'aggregator'");
    }
  }

  public AgentEndpoint {
    ZkPaths.checkName("agent name", agent);
    if (role == null) {
      throw new IllegalArgumentException("agent '" + agent + "': role is missing");
    }
    if (host == null || host.isBlank() || host.length() > Member.MAX_HOST_LENGTH
        || host.chars().anyMatch(c -> c == '/' || c == ' ' || Character.isISOControl(c))) {
      throw new IllegalArgumentException("agent '" + agent + "': host " + Member.printable(host)
          + " is not a host name or address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("agent '" + agent + "': port " + port
          + " is not 1..65535");
    }
    if (pid < 0) {
      throw new IllegalArgumentException("agent '" + agent + "': pid " + pid + " is negative");
    }
    version = version == null ? "" : version;
    tier = tier == null ? "" : tier;
    memberId = memberId == null ? "" : memberId;
    for (String text : new String[] {version, tier, memberId}) {
      if (text.length() > Member.MAX_VERSION_LENGTH
          || text.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("agent '" + agent + "': " + Member.printable(text)
            + " is longer than " + Member.MAX_VERSION_LENGTH + " or holds control characters");
      }
    }
  }

  /** An edge's announcement. */
  public static AgentEndpoint edge(String agent, String host, int port, long pid, String version) {
    return new AgentEndpoint(agent, Role.EDGE, host, port, pid, version, "", "");
  }

  /** The node's name: {@code agent@host:port}, unique per live monitoring server. */
  public String id() {
    return agent + "@" + address();
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public String address() {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}
