package io.sluice.core.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.testutil.FileListDiscoveryFactory;
import io.sluice.rpc.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a discovery may not do to a group's members: lower the template's TLS, get a batch past its
 * channel's transaction, or get a password of the template into a log line.
 */
class DiscoveredMembersTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String SECRET = "Hunter2-not-for-logs";

  @TempDir Path tmp;

  @Test
  void aReportCanRaiseTlsButNeverLowerItOrReplaceTheTemplatesTrust() {
    Map<String, String> template = Map.of("ssl", "true", "truststore", "/etc/edge.jks");
    Map<String, String> merged = DiscoveredMembers.merge(template, Map.of("type", "avro",
        "ssl", "false", "truststore", "/tmp/evil.jks", "trust-all-certs", "true"), "c1");
    assertEquals("true", merged.get("ssl"));
    assertEquals("/etc/edge.jks", merged.get("truststore"));
    assertEquals(null, merged.get("trust-all-certs"));
    assertEquals("c1", merged.get("channel"));
    assertEquals("true", DiscoveredMembers.merge(Map.of(), Map.of("ssl", "true"), "c1").get("ssl"));
    assertEquals("false",
        DiscoveredMembers.merge(Map.of("ssl", "false"), Map.of(), "c1").get("ssl"));
  }

  @Test
  void aDiscoveredBatchLargerThanTheChannelsTransactionIsRefusedByKeyAndNoPasswordIsLogged()
      throws Exception {
    Path list = tmp.resolve("members.properties");
    LinkedHashMap<String, Map<String, String>> members = new LinkedHashMap<>();
    // As a route with batch-size = 2000 would make it, against a channel of 1000 per transaction.
    members.put("big", Map.of("type", "avro", "hostname", "127.0.0.1", "port", "1",
        "batch-size", "2000"));
    FileListDiscoveryFactory.write(list, members);
    String text = """
        a1.sinkgroups = g1
        a1.channels = c1
        a1.sinkgroups.g1.discovery = test_file
        a1.channels.c1.type = memory
        a1.sinkgroups.g1.discovery.file = %s
        a1.channels.c1.capacity = 5000
        a1.sinkgroups.g1.channel = c1
        a1.channels.c1.transactionCapacity = 1000
        a1.sources = r1
        a1.sinkgroups.g1.processor.type = failover
        a1.sources.r1.type = seq
        a1.sinkgroups.g1.sink.ssl = true
        a1.sources.r1.totalEvents = 10
        a1.sources.r1.channels = c1
        a1.sinkgroups.g1.sink.keystore-password = %s
        a1.sinkgroups.g1.sink.truststore-password = %s
        """.formatted(list.toString().replace("\\", "/"), SECRET, SECRET);
    var loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    try (LogCapture log = LogCapture.capture();
        Agent a = new Agent(loader.load(FlumeProperties.parse(text), "a1"),
            AgentOptions.defaults())) {
      a.start();
      await().atMost(DEADLINE).until(() -> !log.linesContaining("discovered member big").isEmpty());
      String line = log.linesContaining("discovered member big").get(0);
      assertTrue(line.contains("a1.sinks.big.batch-size") && line.contains("2000 exceeds")
          && line.contains("a1.channels.c1.transactionCapacity = 1000")
          && line.contains("the topology's route.g1.batch-size"), line);
      assertTrue(line.contains("keystore-password=****"), line);
      assertEquals(null, a.sink("big"), "a member that cannot be built is left out");

      List<String> leaks = log.linesContaining(SECRET);
      assertEquals(List.of(), leaks, "no password in any log line");
    }
  }
}
