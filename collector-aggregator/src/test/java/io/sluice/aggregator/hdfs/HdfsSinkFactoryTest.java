package io.sluice.aggregator.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.aggregator.hdfs.HdfsSinkConfig.FileType;
import io.sluice.aggregator.hdfs.HdfsSinkConfig.WriteFormat;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.testutil.Configs;
import io.sluice.core.text.DidYouMean;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HdfsSinkFactoryTest {
  private final HdfsSinkFactory factory = new HdfsSinkFactory();

  @Test
  void flumeDefaults() {
    HdfsSinkConfig c = Configs.configure(factory, Map.of("hdfs.path", "/flume/events"));
    assertEquals("FlumeData", c.filePrefix());
    assertEquals("", c.fileSuffix());
    assertEquals(".tmp", c.inUseSuffix());
    assertEquals(30_000, c.rollIntervalMillis());
    assertEquals(1024, c.rollSize());
    assertEquals(10, c.rollCount());
    assertEquals(0, c.idleTimeoutMillis());
    assertEquals(100, c.batchSize());
    assertEquals("hdfs.batchSize", c.batchSizeKey());
    assertEquals(5000, c.maxOpenFiles());
    assertEquals(30_000, c.callTimeoutMillis());
    assertEquals(10, c.threadsPoolSize());
    assertEquals(1, c.rollTimerPoolSize());
    assertEquals(0, c.closeTries());
    assertEquals(180_000, c.retryIntervalMillis());
    assertEquals(FileType.SEQUENCE_FILE, c.fileType());
    assertEquals(WriteFormat.WRITABLE, c.writeFormat());
    assertEquals("text", c.serializer().name());
    assertTrue(c.serializer().appendNewline());
    assertEquals(TimeRounding.NONE, c.round());
    assertFalse(c.useLocalTimeStamp());
    assertFalse(c.hsync());
  }

  @Test
  void flumeKeysAreRead() {
    HdfsSinkConfig c = Configs.configure(factory, Map.ofEntries(
        Map.entry("hdfs.path", "hdfs://nn:8020/logs/%Y"), Map.entry("hdfs.fileType", "CompressedStream"),
        Map.entry("hdfs.codeC", "gzip"), Map.entry("hdfs.round", "true"), Map.entry("hdfs.roundValue", "10"),
        Map.entry("hdfs.roundUnit", "minute"), Map.entry("hdfs.timeZone", "UTC"),
        Map.entry("hdfs.emptyInUseSuffix", "true"), Map.entry("hdfs.rollInterval", "0"),
        Map.entry("serializer", "org.apache.flume.sink.hdfs.AvroEventSerializer$Builder"),
        Map.entry("serializer.compressionCodec", "deflate"), Map.entry("hdfs.writeFormat", "Text")));
    assertEquals(FileType.COMPRESSED_STREAM, c.fileType());
    assertEquals("gzip", c.codec());
    assertEquals(new TimeRounding(ChronoUnit.MINUTES, 10), c.round());
    assertEquals("UTC", c.timeZone().getId());
    assertEquals("", c.inUseSuffix());
    assertEquals(0, c.rollIntervalMillis());
    assertEquals("avro_event", c.serializer().name());
    assertEquals("deflate", c.serializer().avroCodec());
    assertEquals(WriteFormat.TEXT, c.writeFormat());
  }

  @Test
  void unknownHdfsKeyIsAnErrorWithDidYouMean() {
    ConfigParser.Result r = Configs.parse(factory, Map.of("hdfs.path", "/x", "hdfs.rollIntervall", "5"));
    assertFalse(r.ok());
    String problems = r.problems().toString();
    assertTrue(problems.contains("did you mean 'hdfs.rollInterval'"), problems);
  }

  @Test
  void crossKeyProblemsAreReportedTogether() {
    ConfigParser.Result r = Configs.parse(factory, Map.of("hdfs.path", "/x/%[nope]",
        "hdfs.fileType", "CompressedStream", "hdfs.round", "true", "hdfs.roundValue", "61",
        "hdfs.roundUnit", "minute", "hdfs.timeZone", "Mars/Olympus"));
    assertTrue(r.ok(), () -> r.problems().toString());
    ConfigException e = assertThrows(ConfigException.class, () -> factory.configure(r.values()));
    String all = e.problems().toString();
    assertTrue(all.contains("hdfs.codeC"), all);
    assertTrue(all.contains("hdfs.roundValue"), all);
    assertTrue(all.contains("hdfs.timeZone"), all);
    assertTrue(all.contains("%[nope]"), all);
  }

  @Test
  void kerberosKeysAreFlumes() {
    HdfsSinkConfig c = Configs.configure(factory, Map.of("hdfs.path", "/x",
        "hdfs.kerberosPrincipal", "flume/_HOST@EXAMPLE.COM", "hdfs.kerberosKeytab", "/etc/f.keytab",
        "hdfs.proxyUser", "etl"));
    assertEquals(new KerberosSpec("flume/_HOST@EXAMPLE.COM", "/etc/f.keytab", "etl"), c.kerberos());
    assertFalse(Configs.configure(factory, Map.of("hdfs.path", "/x")).kerberos().enabled());
  }

  @Test
  void badValuesAreRejected() {
    assertFalse(Configs.parse(factory, Map.of("hdfs.path", "/x", "hdfs.fileType", "Parquet")).ok());
    assertFalse(Configs.parse(factory, Map.of("hdfs.path", "/x", "serializer", "json")).ok());
    ConfigParser.Result noKeytab = Configs.parse(factory, Map.of("hdfs.path", "/x",
        "hdfs.kerberosPrincipal", "flume/_HOST@B"));
    ConfigException e = assertThrows(ConfigException.class, () -> factory.configure(noKeytab.values()));
    assertTrue(e.getMessage().contains("hdfs.kerberosKeytab"), e.getMessage());
    ConfigParser.Result codec = Configs.parse(factory, Map.of("hdfs.path", "/x", "hdfs.codeC", "nosuch"));
    assertThrows(ConfigException.class, () -> factory.configure(codec.values()));
    assertFalse(Configs.parse(factory, Map.of()).ok(), "hdfs.path is required");
    ConfigParser.Result escapedBadPath = Configs.parse(factory, Map.of("hdfs.path", "/x",
        "hdfs.badEventPath", "/bad/%{app}"));
    assertFalse(escapedBadPath.ok(), "bad events go to one fixed directory");
    assertTrue(escapedBadPath.problems().toString().contains("hdfs.badEventPath"),
        escapedBadPath.problems().toString());
    assertFalse(Configs.parse(factory, Map.of("hdfs.path", "/x", "hdfs.badEventPath", "a:b/c")).ok(),
        "not a path");
    assertTrue(Configs.parse(factory, Map.of("hdfs.path", "/x",
        "hdfs.badEventPath", "hdfs://nn:8020/flume/bad")).ok());
  }

  @Test
  void registeredUnderFlumesNames() {
    boolean found = false;
    for (ComponentFactory<?> f : ServiceLoader.load(ComponentFactory.class)) {
      if (f instanceof HdfsSinkFactory h) {
        found = true;
        assertEquals("hdfs", h.type());
        assertTrue(h.aliases().contains("org.apache.flume.sink.hdfs.HDFSEventSink"));
      }
    }
    assertTrue(found);
  }
}
