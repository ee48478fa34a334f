package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kerberos logins of one process, one per principal and keytab, shared by the sinks that use
 * it, so two sinks with the same principal do not log in twice and two with different principals
 * each write as their own (Flume's login is process-wide and allows only one). Owned by the
 * {@code hdfs} sink factory. Thread-safe.
 */
public final class KerberosLogins {
  private static final Logger LOG = LoggerFactory.getLogger(KerberosLogins.class);

  private final Map<String, KerberosLogin> logins = new HashMap<>();

  /**
   * The login for {@code principal} ({@code _HOST} replaced by this host's canonical name) from
   * {@code keytab}, logging in on first use.
   *
   * @throws IOException naming the keytab and principal when the file is missing or unreadable or
   *     the login is refused
   */
  public synchronized KerberosLogin login(String principal, String keytab, Configuration conf)
      throws IOException {
    String resolved = SecurityUtil.getServerPrincipal(principal, "0.0.0.0");
    String key = resolved + "\u0000" + keytab;
    KerberosLogin existing = logins.get(key);
    if (existing != null) {
      return existing;
    }
    Path file = Path.of(keytab);
    if (!Files.isRegularFile(file)) {
      throw new IOException("hdfs.kerberosKeytab " + keytab + " (principal " + resolved
          + "): no such file");
    }
    if (!Files.isReadable(file)) {
      throw new IOException("hdfs.kerberosKeytab " + keytab + " (principal " + resolved
          + "): not readable by this process");
    }
    enableKerberos(conf);
    UserGroupInformation ugi;
    try {
      ugi = UserGroupInformation.loginUserFromKeytabAndReturnUGI(resolved, file.toString());
    } catch (IOException e) {
      throw new IOException("Kerberos login of principal " + resolved + " from hdfs.kerberosKeytab "
          + keytab + " failed: " + rootMessage(e), e);
    }
    KerberosLogin login = new KerberosLogin(resolved, keytab, ugi);
    logins.put(key, login);
    LOG.info("Kerberos: logged in as {} from keytab {}", resolved, keytab);
    return login;
  }

  /**
   * The login a sink without {@code hdfs.kerberosPrincipal} writes as: Flume 1.11 has no agent-level
   * Kerberos keys, but its login is process-wide, so such a sink runs as whatever principal another
   * component of the agent logged in with. Null when nothing has logged in yet.
   *
   * @throws IOException naming the principals when the agent has logged in as more than one, so
   *     which one a sink without its own would borrow is ambiguous
   */
  public synchronized KerberosLogin agentLogin() throws IOException {
    TreeSet<String> principals = new TreeSet<>();
    logins.values().forEach(l -> principals.add(l.principal()));
    if (principals.size() > 1) {
      throw new IOException("no hdfs.kerberosPrincipal and hdfs.kerberosKeytab set, and the agent "
          + "is logged in as " + String.join(" and ", principals) + ": set them to choose one");
    }
    return logins.values().stream().findFirst().orElse(null);
  }

  /**
   * Hadoop's security mode is process-wide: the first Kerberos sink switches it on (a sink
   * without a principal then still uses simple authentication against an unsecured cluster).
   */
  private static void enableKerberos(Configuration conf) {
    if (UserGroupInformation.isSecurityEnabled()) {
      return;
    }
    Configuration secure = new Configuration(conf);
    SecurityUtil.setAuthenticationMethod(AuthenticationMethod.KERBEROS, secure);
    UserGroupInformation.setConfiguration(secure);
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
    for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
