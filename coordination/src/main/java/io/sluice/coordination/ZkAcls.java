package io.sluice.coordination;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The ACL put on every node a Sluice client creates. With digest credentials or a SASL login the
 * creator gets all rights (a digest as {@code digest:user:hash}; a SASL login through ZooKeeper's
 * {@code auth} id, which the server turns into the session's {@code sasl:<principal>} as it
 * authenticated it, so realm and host rules on the server apply), and others get READ only on what edges and agents read (the topology, the members of a
 * tier, agents' configs), and only while readers are {@code open}. A tier's {@code members} node
 * also lets the aggregators' identities ({@link ZkSettings#aggregatorIds()}) create and delete
 * their own member nodes there, and nothing else: an aggregator cannot change the topology or an
 * agent's config. The {@code monitoring} node, where every agent announces its monitoring server,
 * has the same ACL as a tier's {@code members}. Without credentials (a development setup) nodes are
 * open, as ZooKeeper's default. Immutable and thread-safe.
 */
public final class ZkAcls implements ACLProvider {
  private final List<ACL> creatorOnly;
  private final List<ACL> readable;
  private final List<ACL> membersParent;
  private final Pattern membersPath;
  private final Pattern readablePath;

  public ZkAcls(ZkSettings settings) {
    String root = Pattern.quote(settings.paths().root());
    this.membersPath = Pattern.compile(root + "(/tiers/[^/]+/members|/monitoring)");
    this.readablePath = Pattern.compile(root + "(/topology|/tiers/[^/]+/members(/[^/]+)?"
        + "|/agents/[^/]+|/monitoring(/[^/]+)?)");
    ZkSecurity security = settings.security();
    if (!security.identified()) {
      creatorOnly = readable = membersParent = ZooDefs.Ids.OPEN_ACL_UNSAFE;
      return;
    }
    List<ACL> creator = new ArrayList<>();
    security.digest().ifPresent(d ->
        creator.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", digestId(d)))));
    if (security.saslSection().isPresent()) {
      creator.add(new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS));
    }
    creatorOnly = list(creator);
    List<ACL> r = new ArrayList<>(creator);
    if (settings.readers() == ZkSettings.ReadAccess.OPEN) {
      r.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    }
    readable = list(r);
    List<ACL> m = new ArrayList<>(r);
    for (String entry : settings.aggregatorIds()) {
      String[] id = ZkSecurity.schemeAndId(entry);
      m.add(new ACL(ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE | ZooDefs.Perms.READ,
          new Id(id[0], id[1])));
    }
    membersParent = list(m);
  }

  /** Not List.copyOf: ZooKeeper probes the list with contains(null), which immutable lists reject. */
  private static List<ACL> list(List<ACL> acl) {
    return Collections.unmodifiableList(new ArrayList<>(acl));
  }

  /** The ACL list given to nodes nobody but their creator needs. */
  public List<ACL> acl() {
    return creatorOnly;
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return creatorOnly;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    if (path == null) {
      return creatorOnly;
    }
    if (membersPath.matcher(path).matches()) {
      return membersParent;
    }
    return readablePath.matcher(path).matches() ? readable : creatorOnly;
  }

  /** {@code user:base64(sha1(user:password))}, the id form ZooKeeper's digest scheme compares. */
  public static String digestId(DigestCredentials d) {
    try {
      return DigestAuthenticationProvider.generateDigest(d.user() + ":" + d.password());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1 is missing from this JVM", e);
    }
  }
}
