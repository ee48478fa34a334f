package io.sluice.coordination;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot reads of the live members and of the agents' monitoring servers, for the
 * {@code sluice members} and {@code sluice status} commands. Thread-safe.
 */
public final class MembershipQuery {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipQuery.class);
  private final CuratorFramework client;
  private final ZkPaths paths;

  public MembershipQuery(CuratorFramework client, ZkPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  /** Every tier's members (tiers in name order, members in id order). */
  public Map<String, List<Member>> all() {
    Map<String, List<Member>> out = new TreeMap<>();
    for (String tier : children(paths.tiers())) {
      out.put(tier, tier(tier));
    }
    return out;
  }

  /** One tier's members in id order; unreadable member nodes are skipped. */
  public List<Member> tier(String tier) {
    List<Member> out = new ArrayList<>();
    for (String id : children(paths.members(tier))) {
      try {
        out.add(MemberCodec.decode(client.getData().forPath(paths.member(tier, id))));
      } catch (KeeperException.NoNodeException gone) {
        // left between the listing and the read
      } catch (IllegalArgumentException bad) {
        LOG.warn("Skipping {}: not a member document ({})", paths.member(tier, id), bad.getMessage());
      } catch (Exception e) {
        throw TopologyStore.failure("read member '" + id + "'", paths.member(tier, id), e);
      }
    }
    out.sort(Member.BY_ID);
    return out;
  }

  /**
   * Every announced monitoring server ({@link AgentEndpoint}), by agent name then address;
   * unreadable nodes are skipped.
   */
  public List<AgentEndpoint> endpoints() {
    List<AgentEndpoint> out = new ArrayList<>();
    for (String id : children(paths.monitoring())) {
      try {
        out.add(AgentEndpointCodec.decode(client.getData().forPath(paths.monitoring(id))));
      } catch (KeeperException.NoNodeException gone) {
        // stopped between the listing and the read
      } catch (IllegalArgumentException bad) {
        LOG.warn("Skipping {}: not a monitoring document ({})", paths.monitoring(id),
            bad.getMessage());
      } catch (Exception e) {
        throw TopologyStore.failure("read", paths.monitoring(id), e);
      }
    }
    out.sort(java.util.Comparator.comparing(AgentEndpoint::agent)
        .thenComparing(AgentEndpoint::address));
    return out;
  }

  private List<String> children(String path) {
    try {
      return new ArrayList<>(new java.util.TreeSet<>(client.getChildren().forPath(path)));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw TopologyStore.failure("list", path, e);
    }
  }
}
