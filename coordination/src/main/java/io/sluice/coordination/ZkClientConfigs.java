package io.sluice.coordination;

import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * The ZooKeeper client settings of one Sluice client: the JVM's {@code zookeeper.*} system
 * properties (ZooKeeper's own way, e.g. {@code -Dzookeeper.client.secure=true}), then the file named
 * by {@link ZkSettings#CLIENT_CONFIG_ENV} (which keeps TLS store passwords off the command line),
 * then the SASL login section. Stateless.
 */
final class ZkClientConfigs {
  private ZkClientConfigs() {}

  /**
   * Empty when nothing is set, so ZooKeeper's defaults apply unchanged.
   *
   * @throws IllegalArgumentException naming the file or JAAS section that cannot be used
   */
  static Optional<ZKClientConfig> of(ZkSecurity security) {
    if (security.clientConfig().isEmpty() && security.saslSection().isEmpty()) {
      return Optional.empty();
    }
    ZKClientConfig config;
    try {
      config = security.clientConfig().isPresent()
          ? new ZKClientConfig(security.clientConfig().get().toFile()) : new ZKClientConfig();
    } catch (QuorumPeerConfig.ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(ZkSettings.CLIENT_CONFIG_ENV + " "
          + security.clientConfig().get() + " cannot be read as ZooKeeper client properties: "
          + e.getMessage(), e);
    }
    security.saslSection().ifPresent(section -> {
      requireJaasSection(section);
      config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
      config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
    });
    return Optional.of(config);
  }

  /** Fails at start, not as a refused write later, when the JAAS section is missing. */
  private static void requireJaasSection(String section) {
    AppConfigurationEntry[] entries;
    try {
      entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
    } catch (SecurityException e) {
      throw new IllegalArgumentException(ZkSettings.SASL_ENV + "=" + section + " needs a JAAS file"
          + " (-Djava.security.auth.login.config=FILE): " + e.getMessage(), e);
    }
    if (entries == null || entries.length == 0) {
      throw new IllegalArgumentException(ZkSettings.SASL_ENV + "=" + section + ": the JAAS file "
          + System.getProperty("java.security.auth.login.config", "(none set)")
          + " has no section " + section);
    }
  }
}
