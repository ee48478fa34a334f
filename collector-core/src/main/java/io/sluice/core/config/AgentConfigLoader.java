package io.sluice.core.config;

import io.sluice.api.config.BatchSized;
import io.sluice.api.config.ChannelLimits;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ChannelSelectorFactory;
import io.sluice.api.spi.ComponentKind;
import io.sluice.api.spi.DiscoveryFactory;
import io.sluice.api.spi.InterceptorFactory;
import io.sluice.api.spi.MemberSink;
import io.sluice.api.spi.SinkFactory;
import io.sluice.api.spi.SinkProcessorFactory;
import io.sluice.api.spi.SinkSettings;
import io.sluice.api.spi.SourceFactory;
import io.sluice.core.config.ComponentConfigurer.Configured;
import io.sluice.core.config.ComponentSpecs.ChannelSpec;
import io.sluice.core.config.ComponentSpecs.DiscoverySpec;
import io.sluice.core.config.ComponentSpecs.ProcessorSpec;
import io.sluice.core.config.ComponentSpecs.InterceptorSpec;
import io.sluice.core.config.ComponentSpecs.SelectorSpec;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import io.sluice.core.registry.ComponentRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads one agent out of Flume-format properties into a validated {@link AgentConfig}. Unlike
 * Flume, which drops a broken component with a log line and starts without it, every problem is
 * collected and reported at once, each naming its exact key, and nothing starts.
 */
public final class AgentConfigLoader {
  private final ComponentRegistry registry;
  private final ValueSubstitutor substitutor;
  private final ReferencePolicy references;

  public AgentConfigLoader(ComponentRegistry registry, ValueSubstitutor substitutor) {
    this(registry, substitutor, ReferencePolicy.ANY);
  }

  /** As the other constructor, refusing (in every mode) what {@code references} refuses. */
  public AgentConfigLoader(ComponentRegistry registry, ValueSubstitutor substitutor,
      ReferencePolicy references) {
    this.registry = registry;
    this.substitutor = substitutor;
    this.references = references;
  }

  /**
   * Loads one agent strictly.
   *
   * @throws ConfigException listing every problem found
   */
  public AgentConfig load(Map<String, String> props, String agentName) {
    return load(props, agentName, ConfigMode.STRICT).config();
  }

  /**
   * Loads one agent in {@code mode}. Strict: any problem is an error. Flume: what Flume 1.11
   * tolerates is tolerated as Flume does it and listed in the result; what it refuses (an agent left
   * with no channel, or with no source and no sink) is still an error.
   *
   * @throws ConfigException listing every problem that is an error in {@code mode}
   */
  public LoadedConfig load(Map<String, String> props, String agentName, ConfigMode mode) {
    Findings findings = new Findings(mode);
    List<ConfigProblem> problems = findings.problems;
    List<ConfigProblem> unresolved = new ArrayList<>();
    Map<String, String> resolved = substituted(props, agentName, findings, unresolved);
    if (resolved.isEmpty()) {
      throw new ConfigException(agentName, "no configuration for agent '" + agentName + "'"
          + agentsIn(props));
    }
    RawAgentSection raw = new RawAgentSection(agentName, resolved, findings);
    ComponentConfigurer configurer = new ComponentConfigurer(registry, findings);
    Map<String, ChannelSpec> channels = channels(raw, configurer);
    Map<String, SourceSpec> sources = sources(raw, configurer, channels.keySet(), findings);
    Map<String, SinkSpec> sinks = sinks(raw, configurer, findings);
    Map<String, SinkGroupSpec> groups = groups(raw, configurer, findings);
    new WiringCheck(raw, findings).check();
    checkBatchSizes(raw, channels, sources, sinks, problems);
    if (mode == ConfigMode.FLUME) {
      FlumeLeniency lenient = new FlumeLeniency(raw, findings, new FlumeLeniency.Groups() {
        @Override
        public SinkGroupSpec implicit(String sink) {
          return implicitGroup(sink, configurer);
        }

        @Override
        public SinkGroupSpec rebuild(SinkGroupSpec group, List<String> members, List<String> why) {
          return rebuildGroup(raw, group, members, why);
        }
      });
      lenient.prune(withoutEchoes(unresolved, problems), channels, sources, sinks, groups);
      return new LoadedConfig(new AgentConfig(agentName, channels, sources, sinks, groups,
          List.copyOf(findings.warnings)), mode, findings.tolerated);
    }
    if (!problems.isEmpty() || !unresolved.isEmpty()) {
      throw new ConfigException(withoutEchoes(unresolved, problems));
    }
    return new LoadedConfig(new AgentConfig(agentName, channels, sources, sinks, groups,
        List.copyOf(findings.warnings)), mode, List.of());
  }

  /**
   * Builds the spec of one sink from its keys (relative to {@code <agent>.sinks.<name>.}, including
   * {@code type} and {@code channel}), validated like a sink of a config file; used to add members
   * to a running sink group.
   *
   * @throws ConfigException listing every problem, keys in full
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public SinkSpec sinkSpec(String agentName, String name, Map<String, String> keys) {
    List<ConfigProblem> problems;
    Map<String, String> own = new LinkedHashMap<>(keys);
    String prefix = agentName + ".sinks." + name + ".";
    String channel = own.remove("channel");
    Findings findings = new Findings(ConfigMode.STRICT);
    problems = findings.problems;
    if (channel == null || channel.isBlank()) {
      problems.add(new ConfigProblem(prefix + "channel", "is required: a sink must drain a channel"));
    }
    Configured c = new ComponentConfigurer(registry, findings)
        .configure(ComponentKind.SINK, prefix + "type", own.remove("type"), own, prefix);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SinkSpec(name, (SinkFactory) c.factory(), c.config(), channel.trim(),
        Map.copyOf(keys));
  }

  /**
   * Builds a discovered member's spec: its keys (template and report merged, with {@code channel})
   * as {@link #sinkSpec(String, String, Map)}, then its typed settings over the config they built.
   * The sink's batch must fit in one transaction of its channel, as for a sink of a config file: a
   * discovered member's batch size comes from its discovery (a route in ZooKeeper) or the group's
   * {@code sink.*} template, never checked at load.
   *
   * @throws ConfigException listing every problem, keys in full
   */
  public SinkSpec memberSpec(String agentName, String name, MemberSink member,
      Map<String, ChannelSpec> channels) {
    SinkSpec built = sinkSpec(agentName, name, member.keys());
    SinkSpec spec = member.settings().map(s -> withSettings(agentName, built, s)).orElse(built);
    ChannelSpec ch = channels.get(spec.channel());
    if (spec.config() instanceof BatchSized b && ch != null && ch.config() instanceof ChannelLimits l
        && b.batchSize() > l.transactionCapacity()) {
      throw new ConfigException(List.of(new ConfigProblem(
          agentName + ".sinks." + name + "." + b.batchSizeKey(), b.batchSize() + " exceeds "
          + agentName + ".channels." + spec.channel() + ".transactionCapacity = "
          + l.transactionCapacity() + ": a batch must fit in one transaction of its channel")));
    }
    return spec;
  }

  private static <C> SinkSpec withSettings(String agentName, SinkSpec spec,
      SinkSettings<C> settings) {
    if (!settings.configType().isInstance(spec.config())) {
      throw new ConfigException(List.of(new ConfigProblem(
          agentName + ".sinks." + spec.name() + ".type", "the discovery's settings are for "
          + settings.configType().getSimpleName() + ", but type '" + spec.factory().type()
          + "' builds " + spec.config().getClass().getSimpleName())));
    }
    Object config = settings.applyTo(settings.configType().cast(spec.config()));
    return new SinkSpec(spec.name(), spec.factory(), config, spec.channel(), spec.fingerprint());
  }

  /**
   * Builds the processor of a running discovered group from its {@code processor.*} keys
   * (including {@code type}), validated like the group's keys in a config file.
   *
   * @throws ConfigException listing every problem, keys in full
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ProcessorSpec processorSpec(String agentName, String group, Map<String, String> keys) {
    Findings findings = new Findings(ConfigMode.STRICT);
    List<ConfigProblem> problems = findings.problems;
    Map<String, String> own = new LinkedHashMap<>(keys);
    String prefix = agentName + ".sinkgroups." + group + ".processor.";
    Configured c = new ComponentConfigurer(registry, findings)
        .configure(ComponentKind.SINK_PROCESSOR, prefix + "type", own.remove("type"), own, prefix);
    if (c != null && c.factory().type().equals("default")) {
      problems.add(new ConfigProblem(prefix + "type", "a discovered group needs a processor that"
          + " can change members: failover or load_balance"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ProcessorSpec((SinkProcessorFactory) c.factory(), c.config());
  }

  /**
   * The agent's keys with {@code ${...}} references resolved (config filter keys are left to
   * {@link ConfigFilters}). A reference that cannot be resolved is a problem; in Flume mode the
   * value is kept as written, as Flume keeps it, and the problem is tolerated.
   */
  private Map<String, String> substituted(Map<String, String> props, String agent,
      Findings findings, List<ConfigProblem> problems) {
    Map<String, String> own = new LinkedHashMap<>();
    props.forEach((k, v) -> {
      if (k.startsWith(agent + ".")) {
        own.put(k, v);
      }
    });
    if (own.isEmpty()) {
      return own;
    }
    // Before any filter is built or variable read: nothing of it may run, in either mode.
    List<ConfigProblem> refused = references.refusals(agent, own);
    if (!refused.isEmpty()) {
      throw new ConfigException(refused);
    }
    Map<String, ConfigFilter> filters = ConfigFilters.build(agent, own, substitutor, findings);
    problems.addAll(findings.problems); // reported before the values that use the filters
    findings.problems.clear();
    String filterKeys = agent + "." + ConfigFilters.SECTION;
    Map<String, String> out = new LinkedHashMap<>();
    own.forEach((k, v) -> {
      if (k.equals(filterKeys) || k.startsWith(filterKeys + ".")) {
        out.put(k, v);
        return;
      }
      List<ConfigProblem> found = new ArrayList<>();
      out.put(k, substitutor.substitute(k, v, filters, found));
      if (findings.lenient()) {
        found.forEach(p -> findings.tolerated.add(ToleratedProblem.ignored(p.key(), p.message()
            + "; kept as written, as Flume keeps it")));
      } else {
        problems.addAll(found);
      }
    });
    return out;
  }

  /** A value that failed substitution is reported once, not again as malformed. */
  private static List<ConfigProblem> withoutEchoes(
      List<ConfigProblem> unresolved, List<ConfigProblem> problems) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    unresolved.forEach(p -> keys.add(p.key()));
    List<ConfigProblem> all = new ArrayList<>(unresolved);
    problems.stream().filter(p -> !keys.contains(p.key())).forEach(all::add);
    return all;
  }

  private static String agentsIn(Map<String, String> props) {
    TreeSet<String> agents = new TreeSet<>();
    props.keySet().forEach(k -> {
      int dot = k.indexOf('.');
      if (dot > 0) {
        agents.add(k.substring(0, dot));
      }
    });
    return agents.isEmpty() ? " (the file is empty)" : " (agents in this file: "
        + String.join(", ", agents) + ")";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Map<String, ChannelSpec> channels(RawAgentSection raw, ComponentConfigurer configurer) {
    Map<String, ChannelSpec> out = new LinkedHashMap<>();
    for (String name : raw.names(ComponentKind.CHANNEL)) {
      Map<String, String> keys = new LinkedHashMap<>(raw.keys(ComponentKind.CHANNEL, name));
      Map<String, String> fingerprint = Map.copyOf(keys);
      String prefix = raw.keyPrefix(ComponentKind.CHANNEL, name);
      Configured c = configurer.configure(ComponentKind.CHANNEL, prefix + "type",
          keys.remove("type"), keys, prefix);
      if (c != null) {
        out.put(name, new ChannelSpec(name, (ChannelFactory) c.factory(), c.config(), fingerprint));
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Map<String, SourceSpec> sources(RawAgentSection raw, ComponentConfigurer configurer,
      java.util.Set<String> channelNames, Findings findings) {
    List<ConfigProblem> problems = findings.problems;
    Map<String, SourceSpec> out = new LinkedHashMap<>();
    for (String name : raw.names(ComponentKind.SOURCE)) {
      Map<String, String> keys = new LinkedHashMap<>(raw.keys(ComponentKind.SOURCE, name));
      Map<String, String> fingerprint = Map.copyOf(keys);
      String prefix = raw.keyPrefix(ComponentKind.SOURCE, name);
      if (keys.containsKey("channel")) {
        findings.ignorable(prefix + "channel",
            "a source takes 'channels' (plural, a list), not 'channel'", "ignored");
        keys.remove("channel");
      }
      List<String> channels = listValue(keys.remove("channels"));
      Map<String, String> selectorKeys = extract(keys, "selector.");
      List<String> interceptorNames = listValue(keys.remove("interceptors"));
      Map<String, String> interceptorKeys = extract(keys, "interceptors.");
      Configured c = configurer.configure(ComponentKind.SOURCE, prefix + "type",
          keys.remove("type"), keys, prefix);
      SelectorSpec selector = selector(configurer, prefix, selectorKeys, channels, problems);
      List<InterceptorSpec> chain =
          interceptors(configurer, prefix, interceptorNames, interceptorKeys, findings);
      if (c != null && selector != null && chain != null) {
        out.put(name, new SourceSpec(name, (SourceFactory) c.factory(), c.config(),
            List.copyOf(channels), selector, chain, fingerprint));
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SelectorSpec selector(ComponentConfigurer configurer, String sourcePrefix,
      Map<String, String> keys, List<String> sourceChannels, List<ConfigProblem> problems) {
    String type = keys.containsKey("type") ? keys.remove("type") : "replicating";
    Configured c = configurer.configure(ComponentKind.CHANNEL_SELECTOR,
        sourcePrefix + "selector.type", type, keys, sourcePrefix + "selector.");
    if (c == null) {
      return null;
    }
    ChannelSelectorFactory<Object> f = (ChannelSelectorFactory) c.factory();
    for (String ch : f.referencedChannels(c.config())) {
      if (!sourceChannels.contains(ch)) {
        problems.add(new ConfigProblem(sourcePrefix + "selector",
            "names channel '" + ch + "', which is not one of this source's channels "
                + sourceChannels));
      }
    }
    return new SelectorSpec(f, c.config());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<InterceptorSpec> interceptors(ComponentConfigurer configurer, String sourcePrefix,
      List<String> names, Map<String, String> keys, Findings findings) {
    List<InterceptorSpec> chain = new ArrayList<>();
    boolean ok = true;
    for (String name : names) {
      Map<String, String> own = extract(keys, name + ".");
      String prefix = sourcePrefix + "interceptors." + name + ".";
      Configured c = configurer.configure(ComponentKind.INTERCEPTOR, prefix + "type",
          own.remove("type"), own, prefix);
      if (c == null) {
        ok = false;
      } else {
        chain.add(new InterceptorSpec(name, (InterceptorFactory) c.factory(), c.config()));
      }
    }
    keys.keySet().forEach(k -> findings.ignorable(sourcePrefix + "interceptors." + k,
        "configures an interceptor not listed in " + sourcePrefix + "interceptors", "ignored"));
    return ok ? List.copyOf(chain) : null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Map<String, SinkSpec> sinks(
      RawAgentSection raw, ComponentConfigurer configurer, Findings findings) {
    Map<String, SinkSpec> out = new LinkedHashMap<>();
    for (String name : raw.names(ComponentKind.SINK)) {
      Map<String, String> keys = new LinkedHashMap<>(raw.keys(ComponentKind.SINK, name));
      Map<String, String> fingerprint = Map.copyOf(keys);
      String prefix = raw.keyPrefix(ComponentKind.SINK, name);
      if (keys.containsKey("channels")) {
        findings.ignorable(prefix + "channels",
            "a sink takes one 'channel' (singular), not 'channels'", "ignored");
        keys.remove("channels");
      }
      String channel = keys.remove("channel");
      Configured c = configurer.configure(ComponentKind.SINK, prefix + "type",
          keys.remove("type"), keys, prefix);
      if (c != null) {
        out.put(name, new SinkSpec(name, (SinkFactory) c.factory(), c.config(),
            channel == null ? null : channel.trim(), fingerprint));
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Map<String, SinkGroupSpec> groups(
      RawAgentSection raw, ComponentConfigurer configurer, Findings findings) {
    List<ConfigProblem> problems = findings.problems;
    Map<String, SinkGroupSpec> out = new LinkedHashMap<>();
    Map<String, String> owner = new LinkedHashMap<>();
    for (String name : raw.names(ComponentKind.SINK_PROCESSOR)) {
      Map<String, String> keys = new LinkedHashMap<>(raw.keys(ComponentKind.SINK_PROCESSOR, name));
      Map<String, String> fingerprint = Map.copyOf(keys);
      String prefix = raw.keyPrefix(ComponentKind.SINK_PROCESSOR, name);
      List<String> members = listValue(keys.remove("sinks"));
      Map<String, String> processorKeys = extract(keys, "processor.");
      String discoveryType = keys.remove("discovery");
      DiscoverySpec discovery = discoveryType == null ? null
          : discovery(raw, configurer, prefix, discoveryType, keys, members, problems);
      keys.keySet().forEach(k -> findings.ignorable(prefix + k,
          "unknown key; a sink group has 'sinks' and 'processor.*' (or 'discovery', 'channel',"
              + " 'discovery.*' and 'sink.*')", "ignored"));
      if (members.isEmpty() && discoveryType == null) {
        problems.add(new ConfigProblem(prefix + "sinks", "is required: list the group's sinks"));
      }
      List<String> kept = new ArrayList<>();
      for (String m : members) {
        if (!raw.names(ComponentKind.SINK).contains(m)) {
          findings.ignorable(prefix + "sinks", "names sink '" + m + "', which is not listed in "
              + raw.agent() + ".sinks", "left out of group " + name);
        } else if (owner.containsKey(m)) {
          findings.ignorable(prefix + "sinks", "sink '" + m + "' already belongs to sink group '"
              + owner.get(m) + "'", "left out of group " + name);
        } else {
          owner.put(m, name);
          kept.add(m);
        }
      }
      if (findings.lenient()) {
        members = kept;
      }
      // A discovered group's members come and go, which the single-sink default cannot do.
      String type = processorKeys.containsKey("type") ? processorKeys.remove("type")
          : discoveryType != null ? "failover" : "default";
      Configured c = configurer.configure(ComponentKind.SINK_PROCESSOR, prefix + "processor.type",
          type, processorKeys, prefix + "processor.");
      if (c != null && discoveryType != null && c.factory().type().equals("default")) {
        problems.add(new ConfigProblem(prefix + "processor.type", "a discovered group needs a"
            + " processor that can change members: failover or load_balance"));
      } else if (c != null) {
        out.put(name, new SinkGroupSpec(name, List.copyOf(members),
            (SinkProcessorFactory) c.factory(), c.config(), fingerprint, false, discovery));
      }
    }
    for (String sink : raw.names(ComponentKind.SINK)) {
      SinkGroupSpec alone = owner.containsKey(sink) ? null : implicitGroup(sink, configurer);
      if (alone != null) {
        out.put(sink, alone);
      }
    }
    return out;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private DiscoverySpec discovery(RawAgentSection raw, ComponentConfigurer configurer,
      String prefix, String type, Map<String, String> keys, List<String> members,
      List<ConfigProblem> problems) {
    if (!members.isEmpty()) {
      problems.add(new ConfigProblem(prefix + "sinks",
          "a group with 'discovery' finds its sinks at run time; remove 'sinks'"));
    }
    String channel = keys.remove("channel");
    if (channel == null || channel.isBlank()) {
      problems.add(new ConfigProblem(prefix + "channel",
          "is required with 'discovery': the channel the discovered sinks drain"));
    } else if (!raw.names(ComponentKind.CHANNEL).contains(channel.trim())) {
      problems.add(new ConfigProblem(prefix + "channel", "names channel '" + channel.trim()
          + "', which is not listed in " + raw.agent() + ".channels"));
    }
    Map<String, String> template = extract(keys, "sink.");
    Map<String, String> own = extract(keys, "discovery.");
    Configured c = configurer.configure(ComponentKind.DISCOVERY, prefix + "discovery", type, own,
        prefix + "discovery.");
    return c == null || channel == null ? null : new DiscoverySpec(
        (DiscoveryFactory) c.factory(), c.config(), channel.trim(), Map.copyOf(template));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SinkGroupSpec implicitGroup(String sink, ComponentConfigurer configurer) {
    Configured c = configurer.configure(ComponentKind.SINK_PROCESSOR, "default", "default",
        Map.of(), "");
    return c == null ? null : new SinkGroupSpec(sink, List.of(sink),
        (SinkProcessorFactory) c.factory(), c.config(), Map.of("implicit", sink), true);
  }

  /**
   * A group of the config with only {@code members} left (Flume mode): its processor configured
   * again without the dropped members' {@code priority.*} keys, as Flume's processors ignore a
   * priority for a sink they do not have. Null, with the reason in {@code why}, when the processor
   * cannot work with what is left (load_balance needs two sinks).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private SinkGroupSpec rebuildGroup(
      RawAgentSection raw, SinkGroupSpec group, List<String> members, List<String> why) {
    Map<String, String> keys = new LinkedHashMap<>(
        raw.keys(ComponentKind.SINK_PROCESSOR, group.name()));
    String prefix = raw.keyPrefix(ComponentKind.SINK_PROCESSOR, group.name());
    Map<String, String> processorKeys = extract(keys, "processor.");
    processorKeys.keySet().removeIf(k -> k.startsWith("priority.")
        && !members.contains(k.substring("priority.".length())));
    String type = processorKeys.containsKey("type") ? processorKeys.remove("type") : "default";
    Findings findings = new Findings(ConfigMode.FLUME);
    Configured c = new ComponentConfigurer(registry, findings).configure(
        ComponentKind.SINK_PROCESSOR, prefix + "processor.type", type, processorKeys,
        prefix + "processor.");
    if (c == null) {
      findings.problems.forEach(p -> why.add(p.toString()));
      return null;
    }
    String actual = c.factory().type();
    if (actual.equals("load_balance") && members.size() < 2
        || actual.equals("default") && members.size() != 1) {
      why.add("the " + actual + " processor cannot run " + members.size() + " sink(s)");
      return null;
    }
    Map<String, String> fingerprint = new LinkedHashMap<>(group.fingerprint());
    fingerprint.put("sinks", String.join(" ", members));
    return new SinkGroupSpec(group.name(), List.copyOf(members),
        (SinkProcessorFactory) c.factory(), c.config(), Map.copyOf(fingerprint), false,
        group.discovery());
  }

  private static void checkBatchSizes(RawAgentSection raw, Map<String, ChannelSpec> channels,
      Map<String, SourceSpec> sources, Map<String, SinkSpec> sinks, List<ConfigProblem> problems) {
    sources.values().forEach(s -> s.channels().forEach(ch ->
        checkBatch(raw.keyPrefix(ComponentKind.SOURCE, s.name()), s.config(), ch, channels, raw,
            problems)));
    sinks.values().forEach(s -> checkBatch(raw.keyPrefix(ComponentKind.SINK, s.name()),
        s.config(), s.channel(), channels, raw, problems));
  }

  private static void checkBatch(String prefix, Object config, String channel,
      Map<String, ChannelSpec> channels, RawAgentSection raw, List<ConfigProblem> problems) {
    ChannelSpec ch = channel == null ? null : channels.get(channel);
    if (config instanceof BatchSized b && ch != null && ch.config() instanceof ChannelLimits l
        && b.batchSize() > l.transactionCapacity()) {
      problems.add(new ConfigProblem(prefix + b.batchSizeKey(), b.batchSize() + " exceeds "
          + raw.keyPrefix(ComponentKind.CHANNEL, channel) + "transactionCapacity = "
          + l.transactionCapacity() + ": a batch must fit in one transaction of its channel"));
    }
  }

  private static List<String> listValue(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  /** Removes and returns the keys under {@code prefix}, with the prefix stripped. */
  private static Map<String, String> extract(Map<String, String> keys, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    keys.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(prefix)) {
        out.put(e.getKey().substring(prefix.length()), e.getValue());
        return true;
      }
      return false;
    });
    return out;
  }
}
