package io.sluice.aggregator.hdfs;

/**
 * This agent's host as the {@code %[localhost]}, {@code %[IP]} and {@code %[FQDN]} escapes print it.
 * Resolved once by the caller (name look-ups can be slow) and passed in, so tests can fix it.
 *
 * @param hostName the short host name ({@code %[localhost]})
 * @param ip the host's address ({@code %[IP]})
 * @param fqdn the canonical, fully-qualified name ({@code %[FQDN]})
 */
public record HostNames(String hostName, String ip, String fqdn) {

  /** Looks up the local host; falls back to loopback names when the look-up fails. */
  public static HostNames local() {
    try {
      java.net.InetAddress a = java.net.InetAddress.getLocalHost();
      return new HostNames(a.getHostName(), a.getHostAddress(), a.getCanonicalHostName());
    } catch (java.net.UnknownHostException e) {
      return new HostNames("localhost", "127.0.0.1", "localhost");
    }
  }
}
