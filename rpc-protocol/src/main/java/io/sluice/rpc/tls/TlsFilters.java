package io.sluice.rpc.tls;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Flume's {@code include-protocols}/{@code exclude-protocols}/{@code include-cipher-suites}/{@code
 * exclude-cipher-suites}. An empty include list means the JDK defaults. SSLv3 (and SSLv2Hello) are
 * always excluded. Immutable.
 */
public record TlsFilters(
    List<String> includeProtocols,
    List<String> excludeProtocols,
    List<String> includeCipherSuites,
    List<String> excludeCipherSuites) {

  private static final List<String> ALWAYS_EXCLUDED = List.of("SSLv3", "SSLv2Hello");

  public TlsFilters {
    includeProtocols = List.copyOf(includeProtocols);
    excludeProtocols = List.copyOf(excludeProtocols);
    includeCipherSuites = List.copyOf(includeCipherSuites);
    excludeCipherSuites = List.copyOf(excludeCipherSuites);
  }

  public static TlsFilters defaults() {
    return new TlsFilters(List.of(), List.of(), List.of(), List.of());
  }

  /** Splits a Flume space-separated list value. */
  public static List<String> splitList(String value) {
    return value == null || value.isBlank()
        ? List.of()
        : Arrays.asList(value.trim().split("\\s+"));
  }

  /** The protocols to enable, given what the JDK enables by default. */
  public List<String> protocols(String[] jdkDefaults) {
    List<String> chosen = filter(includeProtocols, excludeProtocols, jdkDefaults);
    chosen.removeIf(p -> ALWAYS_EXCLUDED.stream().anyMatch(x -> x.equalsIgnoreCase(p)));
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no TLS protocol left after include " + includeProtocols
          + " / exclude " + excludeProtocols + " (SSLv3 is always excluded)");
    }
    return chosen;
  }

  /** The cipher suites to enable, or null for the JDK defaults. */
  public List<String> cipherSuites(String[] jdkDefaults) {
    if (includeCipherSuites.isEmpty() && excludeCipherSuites.isEmpty()) {
      return null;
    }
    List<String> chosen = filter(includeCipherSuites, excludeCipherSuites, jdkDefaults);
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no cipher suite left after include "
          + includeCipherSuites + " / exclude " + excludeCipherSuites);
    }
    return chosen;
  }

  private static List<String> filter(List<String> include, List<String> exclude, String[] base) {
    List<String> chosen = new ArrayList<>(include.isEmpty() ? Arrays.asList(base) : include);
    List<String> ex = exclude.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
    chosen.removeIf(s -> ex.contains(s.toUpperCase(Locale.ROOT)));
    return chosen;
  }
}
