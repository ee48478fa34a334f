package io.sluice.aggregator.hdfs;

/**
 * Who the sink writes as on a secure HDFS: Flume's {@code hdfs.kerberosPrincipal} (may hold
 * {@code _HOST}, replaced by the host's canonical name at start), {@code hdfs.kerberosKeytab} and
 * {@code hdfs.proxyUser}. {@link #NONE}: the process's own identity.
 *
 * @param principal the principal as configured; empty when Kerberos is off
 * @param keytab the keytab file; empty when Kerberos is off
 * @param proxyUser the user to impersonate (over the login, or over the process's user when
 *     Kerberos is off); empty writes as the login itself
 */
public record KerberosSpec(String principal, String keytab, String proxyUser) {
  public static final KerberosSpec NONE = new KerberosSpec("", "", "");

  public boolean enabled() {
    return !principal.isEmpty();
  }
}
