package io.sluice.core.processing.selector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code multiplexing} selector.
 *
 * @param header the header whose value picks the channels
 * @param mapping header value to required channel names ({@code mapping.<value>})
 * @param optional header value to optional channel names ({@code optional.<value>})
 * @param defaults channels for events whose header is missing or not mapped ({@code default})
 */
public record MultiplexingSelectorConfig(
    String header,
    Map<String, List<String>> mapping,
    Map<String, List<String>> optional,
    List<String> defaults) {

  public MultiplexingSelectorConfig {
    mapping = copy(mapping);
    optional = copy(optional);
    defaults = List.copyOf(defaults);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
