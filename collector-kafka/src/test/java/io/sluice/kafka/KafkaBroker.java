package io.sluice.kafka;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNode;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real single-node KRaft Kafka (combined broker and controller, no ZooKeeper) in the test JVM,
 * from Kafka's own test kit; one per test run (kept in JUnit's root store and closed at its end),
 * injected as a parameter. Each test makes its own topics, so tests never share records.
 * {@link #single()}, {@link #threeBrokers()} and {@link #withTlsListener} make clusters of their
 * own, closed by their caller.
 */
public final class KafkaBroker
    implements ParameterResolver, ExtensionContext.Store.CloseableResource, AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Admin admin;
  private final AtomicInteger topicSeq = new AtomicInteger();
  private final short replication;

  /**
   * @param nodes the brokers and controllers
   * @param serverProps broker settings laid over the test defaults
   * @param replication replication factor of the topics {@link #newTopic} makes
   */
  private KafkaBroker(TestKitNodes nodes, Map<String, String> serverProps, short replication) throws Exception {
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("offsets.topic.replication.factor", Short.toString(replication))
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("num.partitions", "1");
    serverProps.forEach(builder::setConfigProp);
    cluster = builder.build();
    this.replication = replication;
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    admin = Admin.create(clientProperties());
  }

  /** One combined broker and controller, outside JUnit (e.g. for a benchmark); the caller closes it. */
  public static KafkaBroker single() throws Exception {
    return new KafkaBroker(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).build(), Map.of(), (short) 1);
  }

  /**
   * {@link #single()} for a benchmark that deletes large topics between points: the broker removes
   * a deleted topic's files at once rather than a minute later ({@code log.segment.delete.delay.ms}),
   * so {@link #awaitFilesGone} can wait for them before the next point starts.
   */
  public static KafkaBroker singleForBench() throws Exception {
    return new KafkaBroker(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).build(), Map.of("log.segment.delete.delay.ms", "0"), (short) 1);
  }

  /**
   * Waits until no log directory holds a partition of {@code topics} any more, under its own name
   * ({@code <topic>-<n>}, not yet renamed) or as deleted ({@code <topic>-<n>.<id>-delete}).
   *
   * @throws IllegalStateException when some are still there after {@code timeout}
   */
  public void awaitFilesGone(Collection<String> topics, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Path> left = new ArrayList<>();
      for (TestKitNode node : cluster.nodes().brokerNodes().values()) {
        for (String dir : node.logDataDirectories()) {
          try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of(dir),
              p -> topics.stream().anyMatch(t -> p.getFileName().toString().startsWith(t + "-")))) {
            entries.forEach(left::add);
          }
        }
      }
      if (left.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions still on disk after " + timeout + ": " + left);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the broker's scheduler deletes them
    }
  }

  /**
   * Three brokers and a controller of its own (so any broker can be stopped without losing the
   * quorum); topics replicated three times, min.insync.replicas 2. The caller closes it.
   */
  public static KafkaBroker threeBrokers() throws Exception {
    return new KafkaBroker(new TestKitNodes.Builder().setCombined(false).setNumBrokerNodes(3)
        .setNumControllerNodes(1).build(), Map.of("min.insync.replicas", "2",
            "transaction.state.log.replication.factor", "3"), (short) 3);
  }

  /**
   * One broker with, besides its plaintext listener (used by this class's own clients), a
   * listener that speaks TLS only ({@link #tlsBootstrapServers()}), with {@code keyStore} (PKCS12,
   * {@code password}) as its identity. The test kit cannot make its main listener TLS. The caller
   * closes it.
   */
  public static KafkaBroker withTlsListener(Path keyStore, String password) throws Exception {
    return withListener("TLS", "SSL", Map.of("ssl.keystore.location", keyStore.toString(),
        "ssl.keystore.type", "PKCS12", "ssl.keystore.password", password, "ssl.key.password", password));
  }

  /**
   * One broker whose listener {@code name} speaks {@code protocol} with {@code settings}, besides
   * the plaintext one this class's own clients use (the test kit cannot secure its main listener).
   */
  private static KafkaBroker withListener(String name, String protocol, Map<String, String> settings)
      throws Exception {
    Map<String, String> server = new HashMap<>(settings);
    server.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + name + "://localhost:0");
    server.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + name + ":" + protocol);
    return new KafkaBroker(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).build(), server, (short) 1);
  }

  /** The TLS listener of a broker made by {@link #withTlsListener}. */
  public String tlsBootstrapServers() {
    return listenerBootstrapServers("TLS");
  }

  /**
   * One broker with, besides its plaintext listener (used by this class's own clients), a listener
   * that speaks SASL_PLAINTEXT with mechanism PLAIN only ({@link #saslBootstrapServers()}), knowing
   * {@code users} (name to password). The caller closes it.
   */
  public static KafkaBroker withSaslPlainListener(Map<String, String> users) throws Exception {
    StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
    users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    jaas.append(';');
    return withListener("SASL", "SASL_PLAINTEXT", Map.of("sasl.enabled.mechanisms", "PLAIN",
        "listener.name.sasl.plain.sasl.jaas.config", jaas.toString()));
  }

  /** The SASL listener of a broker made by {@link #withSaslPlainListener} or {@link #withKerberosListener}. */
  public String saslBootstrapServers() {
    return listenerBootstrapServers("SASL");
  }

  /**
   * One broker with, besides its plaintext listener, a listener that speaks SASL_PLAINTEXT with
   * mechanism GSSAPI only ({@link #saslBootstrapServers()}): Kerberos service {@code kafka}, logged
   * in as {@code principal} from {@code keytab}. The JVM's {@code java.security.krb5.conf} must name
   * the KDC. The caller closes it.
   */
  public static KafkaBroker withKerberosListener(Path keytab, String principal) throws Exception {
    return withListener("SASL", "SASL_PLAINTEXT", Map.of("sasl.enabled.mechanisms", "GSSAPI",
        "sasl.kerberos.service.name", "kafka",
        "listener.name.sasl.gssapi.sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required"
            + " useKeyTab=true storeKey=true keyTab=\"" + keytab + "\" principal=\"" + principal + "\";"));
  }

  private String listenerBootstrapServers(String listener) {
    return "localhost:" + cluster.brokers().values().iterator().next().boundPort(new ListenerName(listener));
  }

  /** Bootstrap servers for a client of this cluster. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /** Stops broker {@code id} (controlled shutdown: its partitions' leadership moves first). */
  public void stopBroker(int id) {
    cluster.brokers().get(id).shutdown();
  }

  /**
   * Stops every broker (controlled shutdown, one after the other); the controller stays up, as do
   * the brokers' log directories and ports, so {@link #startAllBrokers()} brings the same cluster back.
   */
  public void stopAllBrokers() {
    cluster.brokers().values().forEach(b -> b.shutdown());
  }

  /** Starts every broker {@link #stopAllBrokers()} stopped, on its old ports and logs, and waits until all are ready. */
  public void startAllBrokers() throws Exception {
    cluster.brokers().values().forEach(b -> b.startup());
    cluster.waitForReadyBrokers();
  }

  /** The broker leading partition 0 of {@code topic}. */
  public int leaderOf(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader().id();
  }

  /** For the extension's use: the parameter resolver that owns the broker. */
  public KafkaBroker() {
    cluster = null;
    admin = null;
    replication = 1;
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * A new topic with a unique name and {@code partitions} partitions, returned once the broker has
   * applied it (every partition has a leader in the broker's metadata). Producing before that hits
   * KAFKA-15591 on brokers before 4.5: an idempotent producer's first request fails as
   * NOT_LEADER_OR_FOLLOWER while a later one is appended, and the retries of the first then fail
   * with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms.
   */
  public String newTopic(String stem, int partitions) throws Exception {
    return newTopic(stem, partitions, Map.of());
  }

  /** {@link #newTopic(String, int)} with topic-level settings ({@code max.message.bytes}, ...). */
  public String newTopic(String stem, int partitions, Map<String, String> configs) throws Exception {
    String name = stem + "-" + topicSeq.incrementAndGet();
    admin.createTopics(List.of(new NewTopic(name, partitions, replication).configs(configs))).all().get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!hasLeaders(name, partitions)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topic " + name + " has no leader for every partition after 30 s");
      }
      Thread.onSpinWait();
    }
    return name;
  }

  private boolean hasLeaders(String topic, int partitions) throws Exception {
    try {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false; // not in the broker's metadata yet
      }
      throw e;
    }
  }

  /**
   * The tests' own producer, for seeding topics. Not idempotent, one request in flight: waiting for
   * leaders in {@link #newTopic} does not always avoid KAFKA-15591 on a loaded machine (seen once:
   * the first request refused as NOT_LEADER_OR_FOLLOWER, its retries OUT_OF_ORDER_SEQUENCE_NUMBER
   * for two minutes), and without sequence numbers the retry is simply appended, in order.
   */
  public KafkaProducer<String, byte[]> producer() {
    Map<String, Object> p = clientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  public void produce(String topic, List<ProducerRecord<String, byte[]>> records) throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer()) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      for (ProducerRecord<String, byte[]> r : records) {
        acks.add(producer.send(r));
      }
      producer.flush();
      for (java.util.concurrent.Future<?> ack : acks) {
        ack.get(); // a record the broker refused fails the test here, not as a missing record later
      }
    }
  }

  /** The offset {@code group} committed for {@code tp}, 0 when none. */
  public long committed(String group, TopicPartition tp) throws Exception {
    OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
    return o == null ? 0 : o.offset();
  }

  /** Reads the whole topic from the start until {@code expected} records arrived or 30 s passed. */
  public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    return readAll(bootstrapServers(), topic, expected);
  }

  /** As {@link #readAll(String, int)}, from any cluster (e.g. a {@link KafkaProcessCluster}). */
  public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic, int expected) {
    Map<String, Object> c = new HashMap<>();
    c.put("bootstrap.servers", bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // one more poll so extra records (duplicates) would show up too
      consumer.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    admin.close();
    cluster.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KafkaBroker.class, k -> start(), KafkaBroker.class);
  }

  private static KafkaBroker start() {
    try {
      return single();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
  }
}
