package io.sluice.core.config;

import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ChannelSelectorFactory;
import io.sluice.api.spi.DiscoveryFactory;
import io.sluice.api.spi.InterceptorFactory;
import io.sluice.api.spi.SinkFactory;
import io.sluice.api.spi.SinkProcessorFactory;
import io.sluice.api.spi.SourceFactory;
import java.util.List;
import java.util.Map;

/**
 * The validated, typed description of each component of an agent. {@code fingerprint} is every
 * property that configures the component (wiring included); two specs with equal fingerprints
 * describe the same component, which is how a reload decides what to restart.
 */
public final class ComponentSpecs {
  private ComponentSpecs() {}

  /** A channel. */
  public record ChannelSpec(
      String name, ChannelFactory<Object> factory, Object config, Map<String, String> fingerprint) {}

  /** A source with its wiring, selector and interceptor chain. */
  public record SourceSpec(
      String name,
      SourceFactory<Object> factory,
      Object config,
      List<String> channels,
      SelectorSpec selector,
      List<InterceptorSpec> interceptors,
      Map<String, String> fingerprint) {}

  /** A source's channel selector. */
  public record SelectorSpec(ChannelSelectorFactory<Object> factory, Object config) {}

  /** One interceptor of a source's chain. */
  public record InterceptorSpec(String name, InterceptorFactory<Object> factory, Object config) {}

  /** A sink and the channel it drains. */
  public record SinkSpec(
      String name,
      SinkFactory<Object> factory,
      Object config,
      String channel,
      Map<String, String> fingerprint) {}

  /**
   * A sink group: its members in listing order and its processor. A sink outside any group runs in
   * an implicit group of one with the {@code default} processor, named after the sink. A group whose
   * members are discovered at run time has no listed sinks but a {@link DiscoverySpec}.
   */
  public record SinkGroupSpec(
      String name,
      List<String> sinks,
      SinkProcessorFactory<Object> processor,
      Object processorConfig,
      Map<String, String> fingerprint,
      boolean implicit,
      DiscoverySpec discovery) {

    public SinkGroupSpec(String name, List<String> sinks, SinkProcessorFactory<Object> processor,
        Object processorConfig, Map<String, String> fingerprint, boolean implicit) {
      this(name, sinks, processor, processorConfig, fingerprint, implicit, null);
    }
  }

  /** A sink processor and its typed config, for replacing a running group's processor. */
  public record ProcessorSpec(SinkProcessorFactory<Object> factory, Object config) {}

  /**
   * How a group finds its members: the discovery plugin and its typed config, the channel every
   * member drains, and the {@code sink.*} keys applied to every member's sink.
   */
  public record DiscoverySpec(
      DiscoveryFactory<Object> factory,
      Object config,
      String channel,
      Map<String, String> sinkTemplate) {}
}
