package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.core.testutil.Configs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the Kafka sink names an event's topic: Flume's topic header, then kafka.topic's %{header} escapes. */
class TopicResolverTest {

  @Test
  void escapesAreReplacedByHeaderValues() {
    TopicResolver r = new TopicResolver("logs-%{app}.%{dc}", true, "topic");
    assertTrue(r.hasEscapes());
    assertEquals("logs-web.eu", r.apply(Map.of("app", "web", "dc", "eu")));
    assertEquals("logs-web.", r.apply(Map.of("app", "web")), "an absent header is empty text, as in Flume");
    assertEquals("chosen", r.apply(Map.of("topic", "chosen", "app", "web")), "the topic header wins");
    assertEquals("logs-web.eu", r.apply(Map.of("topic", "", "app", "web", "dc", "eu")),
        "an empty topic header is no override");
  }

  @Test
  void theTopicHeaderIsIgnoredWithoutOverrides() {
    TopicResolver r = new TopicResolver("fixed", false, "topic");
    assertFalse(r.hasEscapes());
    assertEquals("fixed", r.apply(Map.of("topic", "other")));
  }

  @Test
  void anIllegalResultNamesItsSource() {
    TopicResolver r = new TopicResolver("%{app}", true, "t");
    var empty = assertThrows(TopicResolver.InvalidTopicException.class, () -> r.apply(Map.of()));
    assertTrue(empty.getMessage().contains("kafka.topic '%{app}'"), empty.getMessage());
    var slash = assertThrows(TopicResolver.InvalidTopicException.class, () -> r.apply(Map.of("app", "a/b")));
    assertTrue(slash.getMessage().contains("'a/b'"), slash.getMessage());
    var header = assertThrows(TopicResolver.InvalidTopicException.class, () -> r.apply(Map.of("t", "x y")));
    assertTrue(header.getMessage().contains("header 't'"), header.getMessage());
    assertThrows(TopicResolver.InvalidTopicException.class, () -> r.apply(Map.of("app", "a".repeat(250))));
    assertThrows(TopicResolver.InvalidTopicException.class, () -> r.apply(Map.of("app", "..")));
  }

  @Test
  void aFixedTopicMustBeLegalAtLoadTime() {
    ConfigException e = assertThrows(ConfigException.class, () -> Configs.configure(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "kafka.topic", "has space")));
    assertTrue(e.getMessage().contains("kafka.topic"), e.getMessage());
  }
}
