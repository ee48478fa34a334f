package io.sluice.core.processing.interceptor;

import io.sluice.api.Event;
import io.sluice.api.Interceptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a regex in the body (UTF-8) and copies capture group i into the header of the i-th
 * serializer. Groups without a serializer and groups that did not take part in the match are
 * skipped. A group a serializer cannot convert leaves its header unset and is logged (Flume fails
 * the whole batch instead). Events are never dropped. Thread-safe.
 */
public final class RegexExtractorInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger(RegexExtractorInterceptor.class);

  /** Where one capture group goes. */
  public record HeaderSerializer(String headerName, GroupSerializer serializer) {}

  private final Pattern regex;
  private final List<HeaderSerializer> serializers;

  public RegexExtractorInterceptor(Pattern regex, List<HeaderSerializer> serializers) {
    this.regex = regex;
    this.serializers = List.copyOf(serializers);
  }

  @Override
  public boolean nonBlocking() {
    return true; // in-memory header and body work only
  }

  @Override
  public Event intercept(Event event) {
    Matcher m = regex.matcher(new String(event.getBody(), StandardCharsets.UTF_8));
    if (!m.find()) {
      return event;
    }
    Map<String, String> headers = event.getHeaders();
    int groups = Math.min(m.groupCount(), serializers.size());
    for (int i = 0; i < groups; i++) {
      String group = m.group(i + 1);
      if (group == null) {
        continue;
      }
      HeaderSerializer target = serializers.get(i);
      try {
        headers.put(target.headerName(), target.serializer().serialize(group));
      } catch (RuntimeException e) {
        LOG.warn("Header {} not set: cannot serialize '{}': {}", target.headerName(), group,
            e.getMessage());
      }
    }
    return event;
  }
}
