package io.sluice.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.edge.http.HttpSourceConfig;
import io.sluice.edge.syslog.NetcatUdpSourceConfig;
import io.sluice.edge.syslog.SyslogSourceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Flume 1.11 user guide's examples of the network sources, copied as printed, load through the
 * agent's own loader with every source key unchanged. The guide never types channel c1, so each
 * example gets {@code a1.channels.c1.type = memory} to make the agent whole.
 */
class NetworkSourcesUserGuideTest {
  private static final String SYSLOG_TCP = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = syslogtcp
      a1.sources.r1.port = 5140
      a1.sources.r1.host = localhost
      a1.sources.r1.channels = c1
      """;
  private static final String MULTIPORT_SYSLOG_TCP = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = multiport_syslogtcp
      a1.sources.r1.channels = c1
      a1.sources.r1.host = 0.0.0.0
      a1.sources.r1.ports = 10001 10002 10003
      a1.sources.r1.portHeader = port
      """;
  private static final String SYSLOG_UDP = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = syslogudp
      a1.sources.r1.port = 5140
      a1.sources.r1.host = localhost
      a1.sources.r1.channels = c1
      """;
  private static final String HTTP = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = http
      a1.sources.r1.port = 5140
      a1.sources.r1.channels = c1
      a1.sources.r1.handler = org.example.rest.RestHandler
      a1.sources.r1.handler.nickname = random props
      a1.sources.r1.HttpConfiguration.sendServerVersion = false
      a1.sources.r1.ServerConnector.idleTimeout = 300
      """;
  private static final String NETCAT_UDP = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = netcatudp
      a1.sources.r1.bind = 0.0.0.0
      a1.sources.r1.port = 6666
      a1.sources.r1.channels = c1
      """;

  private static Object load(String example) {
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    AgentConfig agent = loader.load(FlumeProperties.parse(example + "a1.channels.c1.type = memory\n"), "a1");
    assertEquals(List.of("c1"), agent.sources().get("r1").channels());
    return agent.sources().get("r1").config();
  }

  @Test
  void syslogExamplesLoad() {
    SyslogSourceConfig tcp = assertInstanceOf(SyslogSourceConfig.class, load(SYSLOG_TCP));
    assertEquals("localhost", tcp.host());
    assertEquals(List.of(5140), tcp.ports());
    SyslogSourceConfig multi = assertInstanceOf(SyslogSourceConfig.class, load(MULTIPORT_SYSLOG_TCP));
    assertEquals(List.of(10001, 10002, 10003), multi.ports());
    assertEquals("port", multi.portHeader());
    SyslogSourceConfig udp = assertInstanceOf(SyslogSourceConfig.class, load(SYSLOG_UDP));
    assertEquals(List.of(5140), udp.ports());
  }

  @Test
  void httpExampleLoads() {
    HttpSourceConfig http = assertInstanceOf(HttpSourceConfig.class, load(HTTP));
    assertEquals(5140, http.port());
    assertEquals(List.of("HttpConfiguration.sendServerVersion", "ServerConnector.idleTimeout"),
        http.ignoredKeys().stream().sorted().toList());
  }

  @Test
  void netcatUdpExampleLoads() {
    NetcatUdpSourceConfig c = assertInstanceOf(NetcatUdpSourceConfig.class, load(NETCAT_UDP));
    assertEquals(new NetcatUdpSourceConfig("0.0.0.0", 6666, null), c);
    assertTrue(assertInstanceOf(NetcatUdpSourceConfig.class,
        load(NETCAT_UDP.replace("= netcatudp", "= org.apache.flume.source.NetcatUdpSource"))).port() == 6666);
  }
}
