package io.sluice.core.processing.interceptor;

import io.sluice.api.config.ConfigProblem;
import io.sluice.core.processing.interceptor.RegexExtractorInterceptorConfig.Serializer;
import io.sluice.core.text.DidYouMean;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the regex extractor's {@code serializers.<id>.<property>} keys into one {@link Serializer}
 * per listed id, reporting every problem with its relative key. Stateless.
 */
final class SerializerBlocks {
  static final String NAME = "name";
  static final String TYPE = "type";
  static final String PATTERN = "pattern";
  private static final List<String> PROPERTIES = List.of(NAME, TYPE, PATTERN);
  private static final Set<String> PASS_THROUGH_TYPES = Set.of("default", "passthrough",
      "org.apache.flume.interceptor.regexextractorinterceptorpassthroughserializer");
  private static final Set<String> MILLIS_TYPES = Set.of("millis",
      "org.apache.flume.interceptor.regexextractorinterceptormillisserializer");

  private SerializerBlocks() {}

  /**
   * @param prefix the key prefix of the blocks ({@code serializers.})
   * @param ids the listed serializer ids, in group order
   * @param props the prefixed keys by suffix ({@code s1.name} to its value)
   */
  static List<Serializer> parse(
      String prefix, List<String> ids, Map<String, String> props, List<ConfigProblem> problems) {
    Map<String, Map<String, String>> blocks = group(prefix, ids, props, problems);
    List<Serializer> out = new ArrayList<>();
    for (String id : ids) {
      Map<String, String> block = blocks.getOrDefault(id, Map.of());
      String keyBase = prefix + id + ".";
      String name = block.getOrDefault(NAME, "");
      if (name.isEmpty()) {
        problems.add(new ConfigProblem(keyBase + NAME, "is required (the header that receives group "
            + (out.size() + 1) + ")"));
      }
      out.add(new Serializer(id, name, millisPattern(keyBase, block, problems)));
    }
    return out;
  }

  private static Map<String, Map<String, String>> group(
      String prefix, List<String> ids, Map<String, String> props, List<ConfigProblem> problems) {
    Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
    props.forEach((suffix, value) -> {
      int dot = suffix.indexOf('.');
      String id = dot < 0 ? suffix : suffix.substring(0, dot);
      String property = dot < 0 ? "" : suffix.substring(dot + 1);
      if (!ids.contains(id)) {
        problems.add(new ConfigProblem(prefix + suffix, "serializer '" + id
            + "' is not listed in serializers " + ids));
      } else if (!PROPERTIES.contains(property)) {
        problems.add(new ConfigProblem(prefix + suffix, "unknown key; expected " + prefix + id
            + ".<" + String.join("|", PROPERTIES) + ">" + DidYouMean.suggest(property, PROPERTIES)));
      } else {
        blocks.computeIfAbsent(id, x -> new HashMap<>()).put(property, value);
      }
    });
    return blocks;
  }

  private static Optional<String> millisPattern(
      String keyBase, Map<String, String> block, List<ConfigProblem> problems) {
    String type = block.getOrDefault(TYPE, "default").toLowerCase(Locale.ROOT);
    String pattern = block.get(PATTERN);
    if (PASS_THROUGH_TYPES.contains(type)) {
      if (pattern != null) {
        problems.add(new ConfigProblem(keyBase + PATTERN, "applies only to the millis serializer"));
      }
      return Optional.empty();
    }
    if (!MILLIS_TYPES.contains(type)) {
      problems.add(new ConfigProblem(keyBase + TYPE, "unknown serializer type '" + block.get(TYPE)
          + "'; use passthrough (the default) or millis"));
      return Optional.empty();
    }
    if (pattern == null || pattern.isEmpty()) {
      problems.add(new ConfigProblem(keyBase + PATTERN, "is required by the millis serializer"));
      return Optional.empty();
    }
    try {
      DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(keyBase + PATTERN,
          "'" + pattern + "' is not a valid date-time pattern: " + e.getMessage()));
      return Optional.empty();
    }
    return Optional.of(pattern);
  }
}
