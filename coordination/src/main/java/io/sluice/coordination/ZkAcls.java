package io.sluice.coordination;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The ACL put on every node a Sluice client creates. With digest credentials: the digest user gets
 * all rights, and the world gets READ unless readers are {@code authenticated}. Without credentials
 * (a development setup) nodes are open, as ZooKeeper's default. Immutable and thread-safe.
 */
public final class ZkAcls implements ACLProvider {
  private final List<ACL> acl;

  public ZkAcls(ZkSettings settings) {
    this.acl = build(settings);
  }

  /** The ACL list given to new nodes. */
  public List<ACL> acl() {
    return acl;
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return acl;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    return acl;
  }

  private static List<ACL> build(ZkSettings settings) {
    if (settings.digest().isEmpty()) {
      return ZooDefs.Ids.OPEN_ACL_UNSAFE;
    }
    DigestCredentials d = settings.digest().get();
    List<ACL> out = new ArrayList<>();
    out.add(new ACL(ZooDefs.Perms.ALL, new Id("digest", digestId(d))));
    if (settings.readers() == ZkSettings.ReadAccess.OPEN) {
      out.add(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    }
    // Not List.copyOf: ZooKeeper probes the list with contains(null), which immutable lists reject.
    return java.util.Collections.unmodifiableList(out);
  }

  /** {@code user:base64(sha1(user:password))}, the id form ZooKeeper's digest scheme compares. */
  static String digestId(DigestCredentials d) {
    try {
      return DigestAuthenticationProvider.generateDigest(d.user() + ":" + d.password());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1 is missing from this JVM", e);
    }
  }
}
