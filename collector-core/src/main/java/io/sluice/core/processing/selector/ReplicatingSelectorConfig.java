package io.sluice.core.processing.selector;

import java.util.List;

/** Config of the {@code replicating} selector: the channels whose failures are ignored. */
public record ReplicatingSelectorConfig(List<String> optional) {
  public ReplicatingSelectorConfig {
    optional = List.copyOf(optional);
  }
}
