package io.sluice.core.avro;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.core.avro.GlobalTlsSettings.Setting;
import io.sluice.rpc.tls.KeyStoreSource;
import io.sluice.rpc.tls.TlsFilters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One component's TLS settings, in Flume's order: each key from the component's own config when
 * given there, else from the global settings (system property, then environment variable), else
 * the key's default. Each key is resolved on its own, as in Flume, so a component's {@code
 * keystore} without {@code keystore-type} takes {@code javax.net.ssl.keyStoreType}. Remembers
 * which globals it used. Confined to the thread configuring one component.
 */
final class ComponentTls {
  private static final List<ConfigKey<String>> SECRETS =
      List.of(TlsKeys.KEYSTORE_PASSWORD, TlsKeys.TRUSTSTORE_PASSWORD);

  private final ConfigValues own;
  private final GlobalTlsSettings globals;
  private final List<String> fromGlobals = new ArrayList<>();

  ComponentTls(ConfigValues own, GlobalTlsSettings globals) {
    this.own = own;
    this.globals = globals;
  }

  /** The key store, or null when neither {@code keystore} nor a global names one. */
  KeyStoreSource keyStore() {
    return store(TlsKeys.KEYSTORE, TlsKeys.KEYSTORE_TYPE, TlsKeys.KEYSTORE_PASSWORD);
  }

  /** The trust store, or null when neither {@code truststore} nor a global names one. */
  KeyStoreSource trustStore() {
    return store(TlsKeys.TRUSTSTORE, TlsKeys.TRUSTSTORE_TYPE, TlsKeys.TRUSTSTORE_PASSWORD);
  }

  TlsFilters filters() {
    return new TlsFilters(list(TlsKeys.INCLUDE_PROTOCOLS), list(TlsKeys.EXCLUDE_PROTOCOLS),
        list(TlsKeys.INCLUDE_CIPHER_SUITES), list(TlsKeys.EXCLUDE_CIPHER_SUITES));
  }

  /** The values taken from globals so far, as {@code key = value (origin)}; never a password. */
  List<String> fromGlobals() {
    return List.copyOf(fromGlobals);
  }

  private KeyStoreSource store(ConfigKey<String> file, ConfigKey<String> type,
      ConfigKey<String> password) {
    Setting path = get(file);
    if (path.value() == null || path.value().isEmpty()) {
      return null;
    }
    Path p = Path.of(path.value());
    if (!p.toFile().canRead()) {
      throw new ConfigException(file.name(), "cannot read " + p + path.fromWhere());
    }
    return new KeyStoreSource(p, get(type).value(), get(password).value());
  }

  private List<String> list(ConfigKey<String> key) {
    Setting s = get(key);
    // Flume's global lists are comma-separated, the component keys space-separated
    String value = s.origin() == null ? s.value() : s.value().replace(',', ' ');
    return TlsFilters.splitList(value);
  }

  private Setting get(ConfigKey<String> key) {
    if (own.isSet(key)) {
      return new Setting(own.get(key), null);
    }
    return globals.lookup(key)
        .map(g -> taken(key, g))
        .orElseGet(() -> new Setting(own.get(key), null));
  }

  private Setting taken(ConfigKey<String> key, Setting s) {
    for (ConfigKey.Check<String> check : key.checks()) {
      if (!check.test().test(s.value())) {
        throw new ConfigException(key.name(),
            "'" + s.value() + "' must be " + check.expectation() + s.fromWhere());
      }
    }
    fromGlobals.add(SECRETS.contains(key)
        ? key.name() + " (" + s.origin() + ")"
        : key.name() + " = " + s.value() + " (" + s.origin() + ")");
    return s;
  }
}
