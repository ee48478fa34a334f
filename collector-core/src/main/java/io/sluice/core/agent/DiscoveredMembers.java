package io.sluice.core.agent;

import io.sluice.api.Lifecycle;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.MemberSink;
import io.sluice.core.config.ComponentSpecs.DiscoverySpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.runtime.NamedThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a discovered group's members equal to what its discovery reports: each report is applied
 * on the group's own thread, in order; a member no longer reported (or whose sink keys or settings
 * changed) is removed once its batch in flight ended, a new one is built from the group's {@code
 * sink.*} template plus the reported keys, with the reported typed settings over the config they
 * build, and added. A member that cannot be built is logged with its
 * keys (secrets masked) and left out.
 *
 * <p>The discovery is less trusted than the edge's own config (anyone who can write ZooKeeper
 * writes its reports): it can turn TLS on but never off, and cannot replace the template's other
 * TLS keys.
 */
final class DiscoveredMembers {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveredMembers.class);

  /** Adds and removes members of the running group. */
  interface Membership {
    void add(SinkSpec sink) throws Exception;

    void remove(String name) throws InterruptedException;

    /** Replaces the group's processor, keeping its members. */
    void replaceProcessor(Map<String, String> processorKeys) throws Exception;
  }

  /** Template keys a report may not replace: how the edge checks whom it talks to. */
  private static final java.util.Set<String> TEMPLATE_ONLY = java.util.Set.of("trust-all-certs",
      "ssl-verify-hostname", "truststore", "truststore-password", "truststore-type", "keystore",
      "keystore-password", "keystore-type", "exclude-protocols", "include-protocols",
      "exclude-cipher-suites", "include-cipher-suites");

  private final String agent;
  private final String group;
  private final DiscoverySpec spec;
  private final BiFunction<String, MemberSink, SinkSpec> sinkSpecs;
  private final Membership membership;
  private final ExecutorService applier;
  private final Map<String, MemberSink> applied = new LinkedHashMap<>();
  private Map<String, String> appliedProcessor;
  private Lifecycle discovery;

  DiscoveredMembers(String agent, String group, DiscoverySpec spec,
      BiFunction<String, MemberSink, SinkSpec> sinkSpecs, Membership membership) {
    this.agent = agent;
    this.group = group;
    this.spec = spec;
    this.sinkSpecs = sinkSpecs;
    this.membership = membership;
    this.applier = Executors.newSingleThreadExecutor(
        new NamedThreadFactory(agent + "-" + group + "-membership"));
  }

  void start(DefaultComponentContext context) throws Exception {
    discovery = spec.factory().create(spec.config(),
        new GroupDiscoveryContext(context, group, members -> applier.execute(() -> apply(members)),
            keys -> applier.execute(() -> applyProcessor(keys))));
    discovery.start();
  }

  void stop() {
    if (discovery != null) {
      SourceUnit.stopQuietly(discovery::stop, "the member discovery of sink group " + group);
      discovery = null;
    }
    applier.shutdownNow();
    try {
      applier.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void applyProcessor(Map<String, String> keys) {
    if (keys.equals(appliedProcessor)) {
      return;
    }
    try {
      membership.replaceProcessor(keys);
      appliedProcessor = keys;
    } catch (Exception e) {
      LOG.error("Sink group {}: cannot switch to the processor {}: {}", group,
          MaskedKeys.of(keys), e.getMessage());
    }
  }

  private void apply(LinkedHashMap<String, MemberSink> reported) {
    Map<String, MemberSink> wanted = new LinkedHashMap<>();
    reported.forEach((name, member) ->
        wanted.put(name, new MemberSink(merge(member.keys()), member.settings())));
    List<String> leaving = new ArrayList<>();
    applied.forEach((name, member) -> {
      if (!member.equals(wanted.get(name))) {
        leaving.add(name);
      }
    });
    for (String name : leaving) {
      try {
        membership.remove(name);
        applied.remove(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("Sink group {}: removing member {} failed", group, name, e);
      }
    }
    wanted.forEach((name, member) -> {
      if (!applied.containsKey(name)) {
        try {
          membership.add(sinkSpecs.apply(name, member));
          applied.put(name, member);
        } catch (Exception e) {
          LOG.error("Sink group {}: cannot add discovered member {} with {}{}: {}{}", group, name,
              MaskedKeys.of(member.keys()), member.settings().map(st -> " and " + st).orElse(""),
              e.getMessage(), origins(name, e, reported.get(name).keys()));
        }
      }
    });
  }

  /**
   * Where each key with a problem came from: the discovery's report or the group's template (the
   * discovery's typed settings, which apply over both, are in the message already).
   */
  private String origins(String member, Exception e, Map<String, String> reported) {
    if (!(e instanceof ConfigException c)) {
      return "";
    }
    String prefix = agent + ".sinks." + member + ".";
    List<String> out = new ArrayList<>();
    for (ConfigProblem p : c.problems()) {
      if (p.key() == null || !p.key().startsWith(prefix)) {
        continue;
      }
      String k = p.key().substring(prefix.length());
      if (reported.containsKey(k)) {
        out.add(k + " is set by the discovery (from ZooKeeper: the topology's route." + group + "."
            + k + ")");
      } else if (spec.sinkTemplate().containsKey(k)) {
        out.add(k + " comes from " + agent + ".sinkgroups." + group + ".sink." + k);
      }
    }
    return out.isEmpty() ? "" : "; " + String.join("; ", out);
  }

  private Map<String, String> merge(Map<String, String> reported) {
    return merge(spec.sinkTemplate(), reported, spec.channel());
  }

  /** The template under the reported keys, the template's TLS raised at most. */
  static Map<String, String> merge(Map<String, String> template, Map<String, String> reported,
      String channel) {
    Map<String, String> merged = new LinkedHashMap<>(template);
    reported.forEach((k, v) -> {
      if (!TEMPLATE_ONLY.contains(k)) {
        merged.put(k, v);
      }
    });
    if ("true".equalsIgnoreCase(template.getOrDefault("ssl", "").trim())) {
      merged.put("ssl", "true");
    }
    merged.put("channel", channel);
    return merged;
  }
}
