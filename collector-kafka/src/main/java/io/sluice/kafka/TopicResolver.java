package io.sluice.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka sink's topic for an event, as Flume 1.11 picks it: the {@code topicHeader} header when
 * {@code allowTopicOverride} is on and the event has it, otherwise {@code kafka.topic} with each
 * {@code %{header}} replaced by that header's value (an absent header gives empty text, as in
 * Flume). A result that is not a legal Kafka topic name (empty, too long, or a character outside
 * {@code [a-zA-Z0-9._-]}) throws {@link InvalidTopicException} naming where it came from. Stateless
 * given its settings; the template is parsed once.
 */
final class TopicResolver implements Function<Map<String, String>, String> {
  private static final Pattern ESCAPE = Pattern.compile("%\\{([^}]*)}");
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private final String template;
  private final boolean allowOverride;
  private final String topicHeader;
  /** Literal text and header names in turn: even indexes are literals, odd ones header names. */
  private final List<String> parts = new ArrayList<>();

  TopicResolver(String template, boolean allowOverride, String topicHeader) {
    this.template = template;
    this.allowOverride = allowOverride;
    this.topicHeader = topicHeader;
    Matcher m = ESCAPE.matcher(template);
    int at = 0;
    while (m.find()) {
      parts.add(template.substring(at, m.start()));
      parts.add(m.group(1));
      at = m.end();
    }
    parts.add(template.substring(at));
  }

  /** True when {@code kafka.topic} holds {@code %{header}} escapes. */
  boolean hasEscapes() {
    return parts.size() > 1;
  }

  @Override
  public String apply(Map<String, String> headers) {
    if (allowOverride) {
      String override = headers.get(topicHeader);
      if (override != null && !override.isEmpty()) {
        return check(override, "header '" + topicHeader + "'");
      }
    }
    if (!hasEscapes()) {
      return template;
    }
    StringBuilder topic = new StringBuilder(parts.get(0));
    for (int i = 1; i < parts.size(); i += 2) {
      String value = headers.get(parts.get(i));
      topic.append(value == null ? "" : value).append(parts.get(i + 1));
    }
    return check(topic.toString(), "kafka.topic '" + template + "'");
  }

  /** Kafka's rule for topic names. */
  static boolean isLegal(String topic) {
    return LEGAL.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
  }

  private static String check(String topic, String from) {
    if (!isLegal(topic)) {
      throw new InvalidTopicException("the topic '" + topic + "' from " + from + " is not a legal Kafka"
          + " topic name (1 to 249 of [a-zA-Z0-9._-])");
    }
    return topic;
  }

  /** An event whose topic cannot be resolved to a legal name. */
  static final class InvalidTopicException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidTopicException(String message) {
      super(message);
    }
  }
}
