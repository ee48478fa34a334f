package io.sluice.core.processing.interceptor;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Config of the {@code regex_extractor} interceptor: capture group i (from 1) goes to the i-th
 * listed serializer.
 */
public record RegexExtractorInterceptorConfig(Pattern regex, List<Serializer> serializers) {
  public RegexExtractorInterceptorConfig {
    serializers = List.copyOf(serializers);
  }

  /**
   * One {@code serializers.<id>.*} block.
   *
   * @param id the serializer's name in the {@code serializers} list
   * @param headerName the header that receives the group ({@code serializers.<id>.name})
   * @param millisPattern a {@link java.time.format.DateTimeFormatter} pattern for the millis
   *     serializer; empty for pass-through
   */
  public record Serializer(String id, String headerName, Optional<String> millisPattern) {}
}
