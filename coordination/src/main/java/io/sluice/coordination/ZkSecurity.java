package io.sluice.coordination;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a Sluice ZooKeeper client is and who may do what with the nodes it creates. Immutable;
 * {@link #toString} never shows the digest password.
 *
 * @param digest a digest writer identity ({@code user:password}); empty for none
 * @param saslSection the JAAS login section ({@code Client}, as Kafka and Hadoop configure it) this
 *     client authenticates with through SASL: the nodes it creates then belong to its SASL identity
 *     ({@code sasl:<principal>}); empty for none
 * @param readers who may read the nodes this client creates
 * @param aggregatorIds the aggregators' identities in ZooKeeper's ACL form: {@code sasl:<principal>},
 *     {@code digest:user:base64(sha1(user:password))}, or {@code user:base64(...)} for a digest; the
 *     members nodes this client creates let them register and deregister themselves, and nothing
 *     else; empty means aggregators share the writer's identity
 * @param clientConfig a ZooKeeper client properties file ({@code zookeeper.client.secure},
 *     {@code zookeeper.ssl.*}, ...) read on top of the JVM's system properties; empty for none
 */
public record ZkSecurity(
    Optional<DigestCredentials> digest,
    Optional<String> saslSection,
    ZkSettings.ReadAccess readers,
    List<String> aggregatorIds,
    Optional<Path> clientConfig) {

  /** No identity, open readers, ZooKeeper's own client settings. */
  public static final ZkSecurity NONE = new ZkSecurity(Optional.empty(), Optional.empty(),
      ZkSettings.ReadAccess.OPEN, List.of(), Optional.empty());

  public ZkSecurity {
    digest = digest == null ? Optional.empty() : digest;
    saslSection = saslSection == null ? Optional.empty() : saslSection;
    readers = readers == null ? ZkSettings.ReadAccess.OPEN : readers;
    aggregatorIds = aggregatorIds == null ? List.of() : List.copyOf(aggregatorIds);
    clientConfig = clientConfig == null ? Optional.empty() : clientConfig;
    saslSection.ifPresent(s -> {
      if (s.isBlank() || s.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(ZkSettings.SASL_ENV
            + " must name a JAAS login section (e.g. Client), not '" + s + "'");
      }
    });
    boolean identified = digest.isPresent() || saslSection.isPresent();
    if (!aggregatorIds.isEmpty() && !identified) {
      throw new IllegalArgumentException(ZkSettings.AGGREGATORS_ENV + " needs the operator's own"
          + " identity (" + ZkSettings.DIGEST_ENV + "=user:password or " + ZkSettings.SASL_ENV
          + "=<JAAS section>)");
    }
    aggregatorIds.forEach(ZkSecurity::checkAclId);
    if (readers == ZkSettings.ReadAccess.AUTHENTICATED && !identified) {
      throw new IllegalArgumentException("authenticated readers need digest credentials ("
          + ZkSettings.DIGEST_ENV + "=user:password) or a SASL login (" + ZkSettings.SASL_ENV
          + "=<JAAS section>)");
    }
  }

  /** Whether the nodes this client creates belong to someone (otherwise they are open). */
  public boolean identified() {
    return digest.isPresent() || saslSection.isPresent();
  }

  /** {@code scheme} and {@code id} of one {@link #aggregatorIds} entry. */
  static String[] schemeAndId(String entry) {
    String lower = entry.toLowerCase(Locale.ROOT);
    if (lower.startsWith("sasl:")) {
      return new String[] {"sasl", entry.substring(5)};
    }
    if (lower.startsWith("digest:")) {
      return new String[] {"digest", entry.substring(7)};
    }
    return new String[] {"digest", entry};
  }

  private static void checkAclId(String entry) {
    String[] id = schemeAndId(entry);
    if (id[0].equals("sasl")) {
      if (id[1].isEmpty() || id[1].chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
        throw new IllegalArgumentException(ZkSettings.AGGREGATORS_ENV
            + " entry 'sasl:" + id[1] + "' must name a principal, e.g. sasl:agg@EXAMPLE.COM");
      }
      return;
    }
    String d = id[1];
    int colon = d.indexOf(':');
    if (colon <= 0 || colon == d.length() - 1 || d.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(ZkSettings.AGGREGATORS_ENV + " entries must look like"
          + " sasl:<principal> or user:base64-digest (ZooKeeper's digest ACL id), not '"
          + d.split(":", 2)[0] + ":...'");
    }
  }

  ZkSecurity withDigest(DigestCredentials credentials) {
    return new ZkSecurity(Optional.of(credentials), saslSection, readers, aggregatorIds,
        clientConfig);
  }

  ZkSecurity withSaslSection(String section) {
    return new ZkSecurity(digest, Optional.of(section), readers, aggregatorIds, clientConfig);
  }

  ZkSecurity withReaders(ZkSettings.ReadAccess access) {
    return new ZkSecurity(digest, saslSection, access, aggregatorIds, clientConfig);
  }

  ZkSecurity withAggregatorIds(List<String> ids) {
    return new ZkSecurity(digest, saslSection, readers, ids, clientConfig);
  }

  ZkSecurity withClientConfig(Path file) {
    return new ZkSecurity(digest, saslSection, readers, aggregatorIds, Optional.of(file));
  }
}
