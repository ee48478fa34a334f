package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the "all sinks failed" error of a group, naming each sink with its last error (or why it
 * was skipped). The first real error becomes the cause. Not thread-safe; one per process() call.
 */
final class FailureSummary {
  private final Map<String, String> reasons = new LinkedHashMap<>();
  private Throwable firstCause;

  void failed(String sink, Throwable error) {
    reasons.put(sink, String.valueOf(error.getMessage() == null ? error.getClass().getName() : error.getMessage()));
    if (firstCause == null) {
      firstCause = error;
    }
  }

  void skipped(String sink, String why) {
    reasons.putIfAbsent(sink, why);
  }

  EventDeliveryException toException(String headline, String group) {
    String detail = reasons.isEmpty()
        ? "the group has no sinks"
        : reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; "));
    return new EventDeliveryException(headline + " in sink group " + group + " [" + detail + "]", firstCause);
  }
}
