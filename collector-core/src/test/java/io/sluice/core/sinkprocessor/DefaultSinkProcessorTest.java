package io.sluice.core.sinkprocessor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.registry.ComponentRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultSinkProcessorTest {
  private final DefaultSinkProcessorFactory factory = new DefaultSinkProcessorFactory();

  @Test
  void delegatesToItsOneSink() throws Exception {
    GroupFixture g = new GroupFixture("k1");
    g.sink("k1").returning(Status.BACKOFF);
    SinkProcessor p = g.create(factory, Map.of());
    assertEquals(Status.BACKOFF, p.process());
    g.sink("k1").failing(true);
    EventDeliveryException e = assertThrows(EventDeliveryException.class, p::process);
    assertEquals("sink k1 is down", e.getMessage());
  }

  @Test
  void rejectsTwoSinks() {
    GroupFixture g = new GroupFixture("k1", "k2");
    ConfigException e = assertThrows(ConfigException.class, () -> g.create(factory, Map.of()));
    assertTrue(e.getMessage().contains("exactly one sink"), e.getMessage());
  }

  @Test
  void processorsAreRegisteredByNameAndFlumeClass() {
    ComponentRegistry r = ComponentRegistry.fromContextClassLoader();
    for (String name : new String[] {"default", "failover", "load_balance",
        "org.apache.flume.sink.DefaultSinkProcessor", "org.apache.flume.sink.FailoverSinkProcessor",
        "org.apache.flume.sink.LoadBalancingSinkProcessor"}) {
      assertTrue(r.lookup(ComponentKind.SINK_PROCESSOR, name).found(), name);
    }
    for (String name : new String[] {"null", "logger", "file_roll", "org.apache.flume.sink.RollingFileSink"}) {
      assertTrue(r.lookup(ComponentKind.SINK, name).found(), name);
    }
    for (String name : new String[] {"seq", "netcat", "org.apache.flume.source.NetcatSource"}) {
      assertTrue(r.lookup(ComponentKind.SOURCE, name).found(), name);
    }
  }
}
