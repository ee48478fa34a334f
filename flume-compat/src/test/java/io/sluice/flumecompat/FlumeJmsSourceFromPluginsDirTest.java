package io.sluice.flumecompat;

import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.fileRollFrom;
import static io.sluice.flumecompat.FlumeChannelsInSluiceTest.lines;
import static io.sluice.flumecompat.TestAgents.DEADLINE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.core.agent.Agent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.jms.Connection;
import javax.jms.MessageProducer;
import javax.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flume 1.11.0's own JMS source, which Sluice does not provide, from plugins.d
 * ({@code lib}: flume-jms-source; {@code libext}: an ActiveMQ 5 client, javax.jms), reading a queue
 * of an in-process ActiveMQ 5 broker (on loopback TCP: the broker lives in the test's class loader,
 * the client in Flume's, so the {@code vm://} transport's in-JVM registry would not be shared).
 */
class FlumeJmsSourceFromPluginsDirTest {
  private static final int MESSAGES = 100;

  @TempDir Path tmp;
  private BrokerService broker;
  private String brokerUrl;

  @BeforeEach
  void startBroker() throws Exception {
    broker = new BrokerService();
    broker.setBrokerName("flume-jms-test");
    broker.setPersistent(false);
    broker.setUseJmx(false);
    broker.setAdvisorySupport(false);
    TransportConnector connector = broker.addConnector("tcp://127.0.0.1:0");
    broker.start();
    broker.waitUntilStarted();
    brokerUrl = connector.getPublishableConnectString();
  }

  @AfterEach
  void stopBroker() throws Exception {
    broker.stop();
    broker.waitUntilStopped();
  }

  private void send(String queue, List<String> texts) throws Exception {
    Connection connection = new ActiveMQConnectionFactory(brokerUrl).createConnection();
    try {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queue));
      for (String text : texts) {
        producer.send(session.createTextMessage(text));
      }
    } finally {
      connection.close();
    }
  }

  @Test
  void flumesJmsSourceFromPluginsDirDeliversEveryMessageToASluiceSink() throws Exception {
    List<String> texts = IntStream.range(0, MESSAGES).mapToObj(i -> "m-" + i).toList();
    send("events", texts);
    Path built = Path.of(System.getProperty("sluice.flume.test.plugins.d", "target/flume-plugins"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    try (Agent a = TestAgents.start(TestAgents.withPlugins(FlumeCompatSettings.expand(
        built.resolve("jms/lib") + "/*:" + built.resolve("jms/libext") + "/*")), """
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.type = jms
        a1.sources.r1.channels = c1
        a1.sources.r1.initialContextFactory = org.apache.activemq.jndi.ActiveMQInitialContextFactory
        a1.sources.r1.providerURL = %s
        a1.sources.r1.destinationName = events
        a1.sources.r1.destinationType = QUEUE
        a1.sources.r1.batchSize = 10
        a1.sources.r1.pollTimeout = 100
        a1.channels.c1.type = memory
        """.formatted(brokerUrl) + fileRollFrom(out))) {
      await().atMost(DEADLINE).until(() -> lines(out).size() >= MESSAGES);
      assertEquals(texts, lines(out));
      assertEquals(MESSAGES, a.metrics().value("SOURCE.r1", "EventAcceptedCount"));
    }
  }
}
