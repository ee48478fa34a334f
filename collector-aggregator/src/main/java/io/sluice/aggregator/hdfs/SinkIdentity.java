package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a sink writes as, decided at its start: its own Kerberos login ({@code hdfs.kerberosPrincipal}
 * and {@code hdfs.kerberosKeytab}); else, when the Hadoop client configuration says Kerberos, the
 * agent's login (Flume 1.11 has no agent-level Kerberos keys, but its login is process-wide, so a
 * sink without keys writes as whichever principal another component logged in with) or Hadoop's own
 * login user from a ticket cache ({@code kinit}); else the process's user. {@code hdfs.proxyUser}
 * impersonates over any of these.
 *
 * @param login the keytab login, renewed by the sink; null when there is none
 * @param user what every HDFS call runs as
 */
record SinkIdentity(KerberosLogin login, HdfsUser user) {
  private static final Logger LOG = LoggerFactory.getLogger(SinkIdentity.class);

  /**
   * @throws IOException naming the keys when the login fails, when the cluster needs Kerberos and
   *     there is no login to use (the supervisor retries the start: another sink may log in
   *     meanwhile), or when the agent's logins are ambiguous
   */
  static SinkIdentity resolve(String sink, KerberosSpec k, KerberosLogins logins, Configuration conf,
      URI root) throws IOException {
    boolean secure = kerberosCluster(conf, root);
    KerberosLogin login = null;
    if (k.enabled()) {
      login = logins.login(k.principal(), k.keytab(), conf);
    } else if (secure) {
      login = logins.agentLogin();
      if (login != null) {
        LOG.info("Sink {}: no hdfs.kerberosPrincipal, so it writes as the agent's Kerberos login {}",
            sink, login.principal());
      } else if (!ticketCacheLogin()) {
        throw new IOException("Sink " + sink + ": the Hadoop client configuration says "
            + "hadoop.security.authentication = kerberos, but hdfs.kerberosPrincipal and "
            + "hdfs.kerberosKeytab are not set, no other hdfs sink of the agent has logged in, and "
            + "there is no ticket cache (kinit)");
      }
    }
    UserGroupInformation actor;
    if (login != null) {
      actor = login.ugi();
    } else if (!k.proxyUser().isEmpty()) {
      actor = UserGroupInformation.getLoginUser();
    } else {
      return new SinkIdentity(null, HdfsUser.PROCESS);
    }
    if (!k.proxyUser().isEmpty()) {
      actor = UserGroupInformation.createProxyUser(k.proxyUser(), actor);
    }
    return new SinkIdentity(login, HdfsUser.of(login, actor));
  }

  /** True when the sink writes to a non-local file system whose client configuration says Kerberos. */
  private static boolean kerberosCluster(Configuration conf, URI root) {
    String scheme = root.getScheme() != null ? root.getScheme()
        : FileSystem.getDefaultUri(conf).getScheme();
    return !"file".equals(scheme)
        && SecurityUtil.getAuthenticationMethod(conf) == AuthenticationMethod.KERBEROS;
  }

  /** Hadoop's own process login holds Kerberos credentials (a ticket cache, {@code kinit}). */
  private static boolean ticketCacheLogin() throws IOException {
    return UserGroupInformation.isSecurityEnabled()
        && UserGroupInformation.getLoginUser().hasKerberosCredentials();
  }
}
