package io.sluice.core.processing.interceptor;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Config of the {@code remove_header} interceptor; every rule set is applied.
 *
 * @param withName one header name to remove
 * @param fromList header names to remove ({@code fromList} split by {@code fromListSeparator})
 * @param matching headers whose whole name matches are removed
 */
public record RemoveHeaderInterceptorConfig(
    Optional<String> withName, Set<String> fromList, Optional<Pattern> matching) {
  public RemoveHeaderInterceptorConfig {
    fromList = Set.copyOf(fromList);
  }
}
