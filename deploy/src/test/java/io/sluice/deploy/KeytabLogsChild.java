package io.sluice.deploy;

import io.sluice.rpc.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The child JVM of {@link SecretsStayOutOfLogsTest#noKeytabContentReachesALogOrAnException}: a real
 * KDC (MiniKdc) writes {@code sink.keytab} into the directory given as the only argument; HDFS sinks
 * and Kafka sinks (SASL/GSSAPI) then log in with it, with a wrong principal, with a copy whose keys
 * are stale and with a text file posing as one. Hadoop's and the JDK's Kerberos state is process-wide, hence a JVM
 * of its own. Prints everything logged at DEBUG and up and every exception thrown, then
 * {@code DONE}.
 */
public final class KeytabLogsChild {
  private KeytabLogsChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    MiniKdc kdc = new MiniKdc(MiniKdc.createConf(),
        Files.createDirectories(dir.resolve("kdc")).toFile());
    kdc.start();
    StringWriter thrown = new StringWriter();
    try {
      String realm = kdc.getRealm();
      Path keytab = dir.resolve("sink.keytab");
      kdc.createPrincipal(keytab.toFile(), "sink/localhost");
      Path damaged = Files.write(dir.resolve("damaged.keytab"), staleKeys(keytab));
      Path text = Files.writeString(dir.resolve("text.keytab"), args[1] + "\n");
      Configurator.setRootLevel(Level.DEBUG);
      try (LogCapture log = LogCapture.capture(Level.DEBUG)) {
        FailingAgentRuns runs = new FailingAgentRuns(dir, log,
            e -> e.printStackTrace(new PrintWriter(thrown)));
        String good = "sink/localhost@" + realm;
        runs.untilLine("hdfsGood", hdfs("hdfsGood", dir, good, keytab), "Sink hdfsGood: writing");
        runs.untilFailure("hdfsWrongPrincipal",
            hdfs("hdfsWrongPrincipal", dir, "nobody/localhost@" + realm, keytab));
        runs.untilFailure("hdfsDamaged", hdfs("hdfsDamaged", dir, good, damaged));
        runs.untilFailure("hdfsText", hdfs("hdfsText", dir, good, text));
        runs.untilLine("kafkaGood", kafka("kafkaGood", good, keytab), "Successfully logged in");
        runs.untilFailure("kafkaWrongPrincipal",
            kafka("kafkaWrongPrincipal", "nobody/localhost@" + realm, keytab));
        runs.untilFailure("kafkaText", kafka("kafkaText", good, text));
        System.out.println(log.everything());
      }
    } finally {
      kdc.stop();
    }
    System.out.println(thrown);
    System.out.println("DONE");
    System.exit(0);
  }

  /** The keytab with every key changed, as after a password change on the KDC. */
  private static byte[] staleKeys(Path keytab) throws Exception {
    byte[] bytes = Files.readAllBytes(keytab);
    for (byte[] key : KeytabForms.keys(keytab)) {
      int at = indexOf(bytes, key);
      for (int i = 0; i < key.length; i++) {
        bytes[at + i] ^= 0x5a;
      }
    }
    return bytes;
  }

  private static int indexOf(byte[] in, byte[] part) {
    for (int i = 0; i + part.length <= in.length; i++) {
      if (java.util.Arrays.equals(in, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new IllegalStateException("key not found in its keytab");
  }

  private static String hdfs(String name, Path dir, String principal, Path keytab) {
    return """
        a1.sinks = %1$s
        a1.sinks.%1$s.type = hdfs
        a1.sinks.%1$s.hdfs.path = %2$s
        a1.sinks.%1$s.hdfs.kerberosPrincipal = %3$s
        a1.sinks.%1$s.hdfs.kerberosKeytab = %4$s
        a1.sinks.%1$s.hdfs.fileType = DataStream
        a1.sinks.%1$s.channel = c1
        """.formatted(name, dir.resolve("out-" + name).toUri(), principal, keytab);
  }

  private static String kafka(String name, String principal, Path keytab) {
    return """
        a1.sinks = %1$s
        a1.sinks.%1$s.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.%1$s.kafka.bootstrap.servers = 127.0.0.1:1
        a1.sinks.%1$s.kafka.topic = t
        a1.sinks.%1$s.kafka.producer.security.protocol = SASL_PLAINTEXT
        a1.sinks.%1$s.kafka.producer.sasl.mechanism = GSSAPI
        a1.sinks.%1$s.kafka.producer.sasl.kerberos.service.name = kafka
        a1.sinks.%1$s.kafka.producer.sasl.jaas.config = \
          com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true \
          keyTab="%3$s" principal="%2$s";
        a1.sinks.%1$s.channel = c1
        """.formatted(name, principal, keytab);
  }
}
