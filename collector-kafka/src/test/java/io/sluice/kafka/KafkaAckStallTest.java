package io.sluice.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.source.NetcatSource;
import io.sluice.rpc.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * A broker stopped for a few seconds under load, shorter than the producers' default
 * {@code delivery.timeout.ms} (120 s, kept here): the Kafka sink's batch and the Kafka channel's put
 * commit only stall, nothing fails, and yet each logs "Kafka unreachable" once its wait passed
 * {@code stallWarningMillis} (lowered to 1 s) and "reachable again" once the stalled batch is
 * acknowledged. The agent: netcat → memory → Kafka sink and, with a netcat source and a load of its
 * own, netcat → Kafka channel → null; the short, default-settings counterpart of
 * {@link KafkaOutageTest}.
 */
class KafkaAckStallTest {
  private static final int RATE_PER_SECOND = 1_000;
  private static final int MAX_EVENTS = 100_000;
  private static final String CONFIG = """
      a.sources = nc nk
      a.channels = c1 kc
      a.sinks = kout drain
      a.sources.nc.type = netcat
      a.sources.nc.bind = 127.0.0.1
      a.sources.nc.port = 0
      a.sources.nc.channels = c1
      a.sources.nk.type = netcat
      a.sources.nk.bind = 127.0.0.1
      a.sources.nk.port = 0
      a.sources.nk.channels = kc
      a.channels.c1.type = memory
      a.channels.c1.capacity = %1$d
      a.channels.c1.transactionCapacity = 1000
      a.sinks.kout.type = kafka
      a.sinks.kout.channel = c1
      a.sinks.kout.kafka.bootstrap.servers = %2$s
      a.sinks.kout.kafka.topic = %3$s
      a.sinks.kout.flumeBatchSize = 100
      a.sinks.kout.kafka.producer.acks = all
      a.sinks.kout.stallWarningMillis = 1000
      a.channels.kc.type = kafka
      a.channels.kc.kafka.bootstrap.servers = %2$s
      a.channels.kc.kafka.topic = %4$s
      a.channels.kc.kafka.consumer.group.id = stall
      a.channels.kc.stallWarningMillis = 1000
      a.sinks.drain.type = null
      a.sinks.drain.channel = kc
      """;

  @Test
  void aStallShorterThanTheDeliveryTimeoutIsLoggedWhileWaitingAndNothingFails() throws Exception {
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    List<String> subjects = List.of("sink kout", "channel kc");
    try (KafkaBroker kafka = KafkaBroker.single(); LogCapture log = LogCapture.capture(Level.INFO)) {
      String servers = kafka.bootstrapServers();
      String config = CONFIG.formatted(MAX_EVENTS, servers, kafka.newTopic("stall-sink", 1),
          kafka.newTopic("stall-channel", 1));
      int sinkEvents;
      int channelEvents;
      try (Agent agent = new Agent(loader.load(FlumeProperties.parse(config), "a"),
          AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(10)))) {
        agent.start();
        MetricsRegistry m = agent.metrics();
        NetcatFeeder toSink = feed(agent, "nc");
        NetcatFeeder toChannel = feed(agent, "nk");
        try {
          await("the pipelines under load").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
              .until(() -> m.value("SINK.kout", "EventDrainSuccessCount") >= RATE_PER_SECOND / 2
                  && m.value("SINK.drain", "EventDrainSuccessCount") >= RATE_PER_SECOND / 2);
          kafka.stopAllBrokers();
          long stoppedAt = System.nanoTime();
          for (String subject : subjects) {
            await(subject + " to log the stall").atMost(Duration.ofSeconds(20))
                .until(() -> !log.linesContaining(subject + ": Kafka unreachable at " + servers).isEmpty());
          }
          long noticedMs = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
          assertTrue(noticedMs < 30_000, "noticed long before any producer timeout: " + noticedMs + " ms");
          kafka.startAllBrokers();
          for (String subject : subjects) {
            await(subject + " to log the end of the stall").atMost(Duration.ofSeconds(60))
                .until(() -> !log.linesContaining(subject + ": Kafka reachable again at " + servers).isEmpty());
          }
        } finally {
          sinkEvents = toSink.stop();
          channelEvents = toChannel.stop();
        }
        int sent = sinkEvents;
        int put = channelEvents;
        await("the sink to send every event").atMost(Duration.ofSeconds(60))
            .until(() -> m.value("SINK.kout", "EventDrainSuccessCount") == sent);
        await("the channel to hand out every event").atMost(Duration.ofSeconds(60))
            .until(() -> m.value("SINK.drain", "EventDrainSuccessCount") >= put);
        assertEquals(0, m.value("SINK.kout", "KafkaEventSendFailureCount"), "the sink's batch stalled, never failed");
        assertEquals(0, m.value("CHANNEL.kc", "KafkaEventSendFailureCount"), "the channel's put stalled, never failed");
        assertEquals(0, toSink.refused() + toChannel.refused(), "no put was refused");
      }
      for (String subject : subjects) {
        assertEquals(1, log.linesContaining(subject + ": Kafka unreachable at " + servers).size(),
            () -> subject + ": one line when the stall passed the bound\n" + log.everything());
        assertEquals(1, log.linesContaining(subject + ": Kafka reachable again at " + servers).size(),
            () -> subject + ": one line when it ended\n" + log.everything());
      }
      System.out.printf("%d events through the sink, %d through the channel; stall logged while waiting:%n%s%n",
          sinkEvents, channelEvents, String.join("\n", log.linesContaining(": Kafka ")));
    }
  }

  private static NetcatFeeder feed(Agent agent, String source) {
    return new NetcatFeeder(((NetcatSource) agent.source(source)).boundPort(), RATE_PER_SECOND, MAX_EVENTS);
  }
}
