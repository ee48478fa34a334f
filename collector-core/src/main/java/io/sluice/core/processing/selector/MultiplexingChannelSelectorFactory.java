package io.sluice.core.processing.selector;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ChannelSelectorFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Factory of the {@code multiplexing} selector. Stateless. */
public final class MultiplexingChannelSelectorFactory
    implements ChannelSelectorFactory<MultiplexingSelectorConfig> {
  public static final ConfigKey<String> HEADER = ConfigKey.string("header")
      .defaultValue("flume.selector.header")
      .check(s -> !s.isEmpty(), "a header name")
      .doc("Header whose value selects the channels");
  public static final ConfigKey<List<String>> DEFAULT = ConfigKey.list("default")
      .defaultValue(List.of())
      .doc("Required channels for events whose header is missing or has no mapping");
  public static final ConfigPrefix<String> MAPPING = ConfigPrefix.strings("mapping.")
      .doc("mapping.<value> = required channels for that header value");
  public static final ConfigPrefix<String> OPTIONAL = ConfigPrefix.strings("optional.")
      .doc("optional.<value> = optional channels for that header value");

  @Override
  public String type() {
    return "multiplexing";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.channel.MultiplexingChannelSelector");
  }

  @Override
  public Class<?> componentClass() {
    return MultiplexingChannelSelector.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HEADER, DEFAULT).withPrefixes(MAPPING, OPTIONAL);
  }

  @Override
  public MultiplexingSelectorConfig configure(ConfigValues values) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, List<String>> mapping = new LinkedHashMap<>();
    values.get(MAPPING).forEach((value, raw) -> {
      List<String> names = ChannelNames.parse(raw);
      if (names.isEmpty()) {
        // Flume refuses this too: silently sending such events to the default would hide a typo.
        problems.add(new ConfigProblem(MAPPING.prefix() + value, "lists no channel"));
      }
      mapping.put(value, names);
    });
    Map<String, List<String>> optional = new LinkedHashMap<>();
    values.get(OPTIONAL).forEach((value, raw) -> optional.put(value, ChannelNames.parse(raw)));
    ChannelNames.throwIfAny(problems);
    return new MultiplexingSelectorConfig(
        values.get(HEADER), mapping, optional, List.copyOf(new LinkedHashSet<>(values.get(DEFAULT))));
  }

  @Override
  public Set<String> referencedChannels(MultiplexingSelectorConfig config) {
    Set<String> names = new HashSet<>(config.defaults());
    config.mapping().values().forEach(names::addAll);
    config.optional().values().forEach(names::addAll);
    return Set.copyOf(names);
  }

  @Override
  public ChannelSelector create(MultiplexingSelectorConfig config, ChannelSelectorContext context) {
    Map<String, Channel> channels = context.channels();
    List<ConfigProblem> problems = new ArrayList<>();
    List<Channel> defaults =
        ChannelNames.resolve(DEFAULT.name(), config.defaults(), channels, problems);
    Map<String, List<Channel>> required = resolveAll(MAPPING, config.mapping(), channels, problems);
    Map<String, List<Channel>> optional = resolveAll(OPTIONAL, config.optional(), channels, problems);
    ChannelNames.throwIfAny(problems);
    return new MultiplexingChannelSelector(
        List.copyOf(channels.values()), config.header(), required, optional, defaults);
  }

  private static Map<String, List<Channel>> resolveAll(
      ConfigPrefix<String> prefix,
      Map<String, List<String>> byValue,
      Map<String, Channel> channels,
      List<ConfigProblem> problems) {
    Map<String, List<Channel>> out = new LinkedHashMap<>();
    byValue.forEach((value, names) ->
        out.put(value, ChannelNames.resolve(prefix.prefix() + value, names, channels, problems)));
    return out;
  }
}
