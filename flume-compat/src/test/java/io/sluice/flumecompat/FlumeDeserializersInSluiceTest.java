package io.sluice.flumecompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.serialization.DeserializerInput;
import io.sluice.api.serialization.EventDeserializer;
import io.sluice.api.serialization.EventDeserializerFactory;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flume {@code EventDeserializer.Builder} (the test plugin jar's, and Flume 1.11's own
 * LineDeserializer as a check of the stream contract) resolved through the adapter as the spooldir
 * source resolves it, reading real files: events, characters in the source's charset, and the
 * position a restarted source resumes from.
 */
class FlumeDeserializersInSluiceTest {
  private static final String KEY_VALUE = "com.example.KeyValueRecordDeserializer$Builder";
  private static final String FLUME_LINE = "org.apache.flume.serialization.LineDeserializer$Builder";

  @TempDir static Path work;
  @TempDir Path tmp;

  /** Resolves {@code type} as the spooldir source does, with the plugin jar on the user's classpath. */
  private static EventDeserializerFactory resolve(String type, Map<String, String> keys)
      throws IOException {
    try (URLClassLoader userClasspath = FlumePluginJar.userClassLoader(work)) {
      return new FlumeDeserializerResolver(new FlumeCompatSettings(FlumePluginJar.apiDir(), List.of()))
          .resolve(type, keys, userClasspath);
    }
  }

  private Path file(String text, Charset cs) throws IOException {
    return Files.write(tmp.resolve("f" + System.nanoTime()), text.getBytes(cs));
  }

  private static EventDeserializer open(EventDeserializerFactory f, Path file, long start, Charset cs,
      CodingErrorAction onError) throws IOException {
    return f.open(new DeserializerInput(FileChannel.open(file), start, Files.size(file), cs, onError));
  }

  /** Reads at most {@code max} events ({@code -1}: all), as "headers|body"; the position after them last. */
  private static List<String> read(EventDeserializer d, int max) throws IOException {
    List<String> out = new ArrayList<>();
    Event e;
    while ((max < 0 || out.size() < max) && (e = d.next()) != null) {
      out.add(new TreeMap<>(e.getHeaders()) + "|" + new String(e.getBody(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static final String RECORDS = """
      host=web-1
      level=INFO
      body=started

      host=web-2
      body=caf\u00e9 \ud83d\ude00 ok


      host=web-3
      level=WARN
      body=slow
      host=web-4
      body=last
      """;

  @Test
  void aPluginDeserializerReadsRecordsAndResumesAtThePositionOfTheLastEventRead() throws Exception {
    EventDeserializerFactory f = resolve(KEY_VALUE, Map.of());
    Path file = file(RECORDS, StandardCharsets.UTF_8);
    List<String> all;
    try (EventDeserializer d = open(f, file, 0, StandardCharsets.UTF_8, CodingErrorAction.REPORT)) {
      all = read(d, -1);
      assertNull(d.next(), "the end stays the end");
      assertEquals(Files.size(file), d.position());
    }
    // The third record has no blank line before web-4's lines: later lines win.
    assertEquals(List.of("{host=web-1, level=INFO}|started", "{host=web-2}|caf\u00e9 \ud83d\ude00 ok",
        "{host=web-4, level=WARN}|last"), all);

    // A restart opens a new deserializer where the last committed event ended: nothing twice, nothing lost.
    for (int firstRun = 0; firstRun <= all.size(); firstRun++) {
      List<String> resumed = new ArrayList<>();
      long position;
      try (EventDeserializer d = open(f, file, 0, StandardCharsets.UTF_8, CodingErrorAction.REPORT)) {
        resumed.addAll(read(d, firstRun));
        position = d.position();
      }
      try (EventDeserializer d = open(f, file, position, StandardCharsets.UTF_8, CodingErrorAction.REPORT)) {
        resumed.addAll(read(d, -1));
      }
      assertEquals(all, resumed, "stopped after " + firstRun + " events, at offset " + position);
    }
  }

  @Test
  void textIsDecodedWithTheSourcesCharsetAndItsDecodeErrorPolicy() throws Exception {
    EventDeserializerFactory f = resolve(KEY_VALUE, Map.of("bodyKey", "msg"));
    Path latin1 = file("msg=d\u00e9j\u00e0 vu\n", StandardCharsets.ISO_8859_1);
    try (EventDeserializer d = open(f, latin1, 0, StandardCharsets.ISO_8859_1, CodingErrorAction.REPORT)) {
      assertEquals(List.of("{}|d\u00e9j\u00e0 vu"), read(d, -1));
    }
    // The same ISO-8859-1 bytes are not UTF-8: FAIL names the offset, REPLACE puts U+FFFD in.
    try (EventDeserializer d = open(f, latin1, 0, StandardCharsets.UTF_8, CodingErrorAction.REPORT)) {
      IOException e = assertThrows(IOException.class, d::next);
      assertTrue(e.getMessage().contains("offset 5") && e.getMessage().contains("UTF-8"), e.getMessage());
    }
    try (EventDeserializer d = open(f, latin1, 0, StandardCharsets.UTF_8, CodingErrorAction.REPLACE)) {
      assertEquals(List.of("{}|d\ufffdj\ufffd vu"), read(d, -1));
    }
  }

  @Test
  void flumesOwnLineDeserializerReadsOurStreamAsItReadsItsOwn() throws Exception {
    EventDeserializerFactory f = resolve(FLUME_LINE, Map.of("maxLineLength", "8"));
    Path file = file("one\r\ntwo \ud83d\ude00\nlonger than eight\n\nlast", StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    long position = 0;
    for (int round = 0; round < 8; round++) { // one line per "run", each resuming where the last stopped
      try (EventDeserializer d = open(f, file, position, StandardCharsets.UTF_8, CodingErrorAction.REPORT)) {
        lines.addAll(read(d, 1));
        position = d.position();
      }
    }
    // Flume's LineDeserializer keeps the \r, cuts at 8 characters and goes on with the rest as a new line.
    assertEquals(List.of("{}|one\r", "{}|two \ud83d\ude00", "{}|longer t", "{}|han eigh", "{}|t", "{}|",
        "{}|last"), lines);
    assertEquals(Files.size(file), position);
  }

  @Test
  void aClassThatCannotBeUsedIsRefusedNamingIt() throws Exception {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> resolve("com.example.NoSuchDeserializer$Builder", Map.of()));
    assertTrue(missing.getMessage().contains("deserializer class 'com.example.NoSuchDeserializer$Builder'"
        + " is not on the classpath or in plugins.d"), missing.getMessage());
    IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class,
        () -> resolve("com.example.TaggingInterceptor$Builder", Map.of()));
    assertTrue(notOne.getMessage().contains("not a Flume EventDeserializer.Builder"), notOne.getMessage());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> resolve(KEY_VALUE, Map.of("bodyKey", "")));
    assertTrue(refused.getMessage().contains(KEY_VALUE + " refuses its configuration")
        && refused.getMessage().contains("bodyKey must not be empty"), refused.getMessage());
    assertNull(resolve("LINE", Map.of()), "short names are the source's own");
  }
}
