package io.sluice.core.processing.selector;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ChannelSelectorFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Factory of the {@code replicating} selector, Flume's default. Stateless. */
public final class ReplicatingChannelSelectorFactory
    implements ChannelSelectorFactory<ReplicatingSelectorConfig> {
  public static final ConfigKey<List<String>> OPTIONAL = ConfigKey.list("optional")
      .defaultValue(List.of())
      .doc("Channels whose put failures are logged and ignored; all others are required");

  @Override
  public String type() {
    return "replicating";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.channel.ReplicatingChannelSelector");
  }

  @Override
  public Class<?> componentClass() {
    return ReplicatingChannelSelector.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(OPTIONAL);
  }

  @Override
  public ReplicatingSelectorConfig configure(ConfigValues values) {
    return new ReplicatingSelectorConfig(new ArrayList<>(new LinkedHashSet<>(values.get(OPTIONAL))));
  }

  @Override
  public Set<String> referencedChannels(ReplicatingSelectorConfig config) {
    return Set.copyOf(config.optional());
  }

  @Override
  public ChannelSelector create(ReplicatingSelectorConfig config, ChannelSelectorContext context) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Channel> optional =
        ChannelNames.resolve(OPTIONAL.name(), config.optional(), context.channels(), problems);
    ChannelNames.throwIfAny(problems);
    return new ReplicatingChannelSelector(List.copyOf(context.channels().values()), optional);
  }
}
