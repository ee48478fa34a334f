package io.sluice.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.spi.ComponentKind;
import io.sluice.core.processing.interceptor.HostInterceptorFactory;
import io.sluice.core.processing.interceptor.RegexExtractorInterceptorFactory;
import io.sluice.core.processing.interceptor.RegexFilteringInterceptorFactory;
import io.sluice.core.processing.interceptor.RemoveHeaderInterceptorFactory;
import io.sluice.core.processing.interceptor.StaticInterceptorFactory;
import io.sluice.core.processing.interceptor.TimestampInterceptorFactory;
import io.sluice.core.processing.interceptor.UuidInterceptorFactory;
import io.sluice.core.processing.selector.MultiplexingChannelSelectorFactory;
import io.sluice.core.processing.selector.ReplicatingChannelSelectorFactory;
import io.sluice.core.registry.ComponentRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every selector and interceptor is registered under its short name and Flume's class name. */
class ProcessingFactoriesRegistryTest {
  private final ComponentRegistry registry = ComponentRegistry.fromContextClassLoader();

  @ParameterizedTest
  @CsvSource({
    "CHANNEL_SELECTOR, replicating, org.apache.flume.channel.ReplicatingChannelSelector",
    "CHANNEL_SELECTOR, multiplexing, org.apache.flume.channel.MultiplexingChannelSelector",
    "INTERCEPTOR, timestamp, org.apache.flume.interceptor.TimestampInterceptor$Builder",
    "INTERCEPTOR, host, org.apache.flume.interceptor.HostInterceptor$Builder",
    "INTERCEPTOR, static, org.apache.flume.interceptor.StaticInterceptor$Builder",
    "INTERCEPTOR, remove_header, org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder",
    "INTERCEPTOR, uuid, org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder",
    "INTERCEPTOR, regex_filter, org.apache.flume.interceptor.RegexFilteringInterceptor$Builder",
    "INTERCEPTOR, regex_extractor, org.apache.flume.interceptor.RegexExtractorInterceptor$Builder",
  })
  void shortNameAndFlumeClassNameFindTheSameFactory(ComponentKind kind, String type, String flumeClass) {
    ComponentRegistry.Lookup byType = registry.lookup(kind, type);
    ComponentRegistry.Lookup byFlume = registry.lookup(kind, flumeClass);
    assertTrue(byType.found(), byType.error());
    assertTrue(byFlume.found(), byFlume.error());
    assertEquals(byType.factory().getClass(), byFlume.factory().getClass());
    assertEquals(expectedFactory(type), byType.factory().getClass());
  }

  private static Class<?> expectedFactory(String type) {
    return switch (type) {
      case "replicating" -> ReplicatingChannelSelectorFactory.class;
      case "multiplexing" -> MultiplexingChannelSelectorFactory.class;
      case "timestamp" -> TimestampInterceptorFactory.class;
      case "host" -> HostInterceptorFactory.class;
      case "static" -> StaticInterceptorFactory.class;
      case "remove_header" -> RemoveHeaderInterceptorFactory.class;
      case "uuid" -> UuidInterceptorFactory.class;
      case "regex_filter" -> RegexFilteringInterceptorFactory.class;
      case "regex_extractor" -> RegexExtractorInterceptorFactory.class;
      default -> throw new IllegalArgumentException(type);
    };
  }
}
