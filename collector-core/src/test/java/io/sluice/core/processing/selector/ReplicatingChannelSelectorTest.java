package io.sluice.core.processing.selector;

import static io.sluice.core.processing.Components.configure;
import static io.sluice.core.processing.Components.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.config.ConfigException;
import io.sluice.core.processing.TestListChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicatingChannelSelectorTest {
  private final ReplicatingChannelSelectorFactory factory = new ReplicatingChannelSelectorFactory();
  private final TestListChannel c1 = new TestListChannel("c1");
  private final TestListChannel c2 = new TestListChannel("c2");
  private final TestListChannel c3 = new TestListChannel("c3");
  private final Event event = Event.of("x".getBytes());

  private ChannelSelector create(Map<String, String> raw) throws Exception {
    return factory.create(configure(factory, raw), context(c1, c2, c3));
  }

  @Test
  void withoutOptionalEveryChannelIsRequired() throws Exception {
    ChannelSelector selector = create(Map.of());
    assertEquals(List.of(c1, c2, c3), selector.getRequiredChannels(event));
    assertEquals(List.of(), selector.getOptionalChannels(event));
    assertEquals(List.of(c1, c2, c3), selector.getAllChannels());
  }

  @Test
  void optionalChannelsAreNotRequired() throws Exception {
    ChannelSelector selector = create(Map.of("optional", "c3 c1"));
    assertEquals(List.of(c2), selector.getRequiredChannels(event));
    assertEquals(List.of(c3, c1), selector.getOptionalChannels(event));
  }

  @Test
  void duplicateOptionalNamesCountOnce() throws Exception {
    ChannelSelector selector = create(Map.of("optional", "c3 c3"));
    assertEquals(List.of(c3), selector.getOptionalChannels(event));
  }

  @Test
  void referencedChannelsAreTheOptionalOnes() {
    assertEquals(Set.of("c3", "c9"),
        factory.referencedChannels(configure(factory, Map.of("optional", "c3 c9"))));
  }

  @Test
  void unknownOptionalChannelIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> create(Map.of("optional", "c9")));
    assertEquals("1 configuration problem(s):\n"
        + "  optional: channel 'c9' is not one of the source's channels [c1, c2, c3]", e.getMessage());
  }

  @Test
  void unknownKeyIsRejectedWithSuggestion() {
    ConfigException e = assertThrows(ConfigException.class, () -> create(Map.of("optinal", "c1")));
    assertEquals("optinal", e.problems().get(0).key());
    assertEquals("unknown key (did you mean 'optional'?)", e.problems().get(0).message());
  }
}
