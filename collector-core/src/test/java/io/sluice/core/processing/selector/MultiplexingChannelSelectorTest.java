package io.sluice.core.processing.selector;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.processing.TestListChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultiplexingChannelSelectorTest {
  private final MultiplexingChannelSelectorFactory factory = new MultiplexingChannelSelectorFactory();
  private final TestListChannel c1 = new TestListChannel("c1");
  private final TestListChannel c2 = new TestListChannel("c2");
  private final TestListChannel c3 = new TestListChannel("c3");
  private final TestListChannel c4 = new TestListChannel("c4");

  private ChannelSelector create(Map<String, String> raw) throws Exception {
    return factory.create(configure(factory, raw), context(c1, c2, c3, c4));
  }

  private static Event withHeader(String name, String value) {
    return Event.of(Map.of(name, value), new byte[0]);
  }

  private static Map<String, String> typicalConfig() {
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("header", "region");
    raw.put("mapping.US", "c1");
    raw.put("mapping.EU", "c2 c3");
    raw.put("optional.US", "c4 c1");
    raw.put("default", "c3");
    return raw;
  }

  @Test
  void mappedValuesGoToTheirChannels() throws Exception {
    ChannelSelector selector = create(typicalConfig());
    assertEquals(List.of(c1), selector.getRequiredChannels(withHeader("region", "US")));
    assertEquals(List.of(c2, c3), selector.getRequiredChannels(withHeader("region", "EU")));
    assertEquals(List.of(), selector.getOptionalChannels(withHeader("region", "EU")));
    assertEquals(List.of(c1, c2, c3, c4), selector.getAllChannels());
  }

  @Test
  void channelBothRequiredAndOptionalCountsAsRequired() throws Exception {
    ChannelSelector selector = create(typicalConfig());
    assertEquals(List.of(c4), selector.getOptionalChannels(withHeader("region", "US")));
  }

  @Test
  void missingBlankOrUnknownValueGoesToDefault() throws Exception {
    ChannelSelector selector = create(typicalConfig());
    assertEquals(List.of(c3), selector.getRequiredChannels(Event.of(new byte[0])));
    assertEquals(List.of(c3), selector.getRequiredChannels(withHeader("region", "  ")));
    assertEquals(List.of(c3), selector.getRequiredChannels(withHeader("region", "APAC")));
    assertEquals(List.of(c3), selector.getRequiredChannels(withHeader("region", "us")));
    assertEquals(List.of(), selector.getOptionalChannels(Event.of(new byte[0])));
  }

  @Test
  void optionalForUnmappedValueExcludesDefaultChannels() throws Exception {
    Map<String, String> raw = typicalConfig();
    raw.put("optional.APAC", "c3 c4");
    ChannelSelector selector = create(raw);
    assertEquals(List.of(c3), selector.getRequiredChannels(withHeader("region", "APAC")));
    assertEquals(List.of(c4), selector.getOptionalChannels(withHeader("region", "APAC")));
  }

  @Test
  void headerDefaultsToFlumes() throws Exception {
    ChannelSelector selector = create(Map.of("mapping.a", "c2"));
    assertEquals(List.of(c2), selector.getRequiredChannels(withHeader("flume.selector.header", "a")));
    assertEquals(List.of(), selector.getRequiredChannels(withHeader("region", "a")));
  }

  @Test
  void withoutDefaultAnUnmappedEventHasNoChannel() throws Exception {
    ChannelSelector selector = create(Map.of("mapping.a", "c2"));
    assertEquals(List.of(), selector.getRequiredChannels(withHeader("flume.selector.header", "b")));
  }

  @Test
  void referencedChannelsCoverMappingOptionalAndDefault() {
    assertEquals(Set.of("c1", "c2", "c3", "c4"),
        factory.referencedChannels(configure(factory, typicalConfig())));
  }

  @Test
  void unknownChannelNamesAreReportedWithTheirKeys() {
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("mapping.US", "c1 c9");
    raw.put("optional.EU", "cx");
    raw.put("default", "c0");
    ConfigException e = assertThrows(ConfigException.class, () -> create(raw));
    assertEquals(List.of(
        new ConfigProblem("default", "channel 'c0' is not one of the source's channels [c1, c2, c3, c4]"),
        new ConfigProblem("mapping.US", "channel 'c9' is not one of the source's channels [c1, c2, c3, c4]"),
        new ConfigProblem("optional.EU", "channel 'cx' is not one of the source's channels [c1, c2, c3, c4]")),
        e.problems());
  }

  @Test
  void mappingWithoutChannelsIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> configure(factory, Map.of("mapping.US", " ")));
    assertEquals(List.of(new ConfigProblem("mapping.US", "lists no channel")), e.problems());
  }

  @Test
  void bareOptionalKeyIsUnknownForMultiplexing() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> configure(factory, Map.of("optional", "c1")));
    assertEquals("optional", e.problems().get(0).key());
    assertTrue(e.problems().get(0).message().startsWith("unknown key"));
  }
}
