package io.sluice.deploy.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference/} is what the components declare: regenerated in memory and compared with
 * the checked-in pages, so the docs cannot drift from the code. With {@code
 * -Dsluice.reference.write=true} it writes them instead.
 */
class ReferencePagesTest {
  static final String REGENERATE = "mvn -pl deploy -am install -DskipTests && mvn -pl deploy"
      + " surefire:test -Dtest=ReferencePagesTest -Dsluice.reference.write=true";
  private static final Path DIR = Path.of("..", "docs", "reference");

  @Test
  void checkedInPagesMatchTheComponentsConfigDefs() throws IOException {
    Map<String, String> pages = ReferencePages.render(getClass().getClassLoader());
    if (Boolean.getBoolean("sluice.reference.write")) {
      Files.createDirectories(DIR);
      for (Map.Entry<String, String> e : pages.entrySet()) {
        Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> e : pages.entrySet()) {
      Path file = DIR.resolve(e.getKey());
      if (!Files.exists(file)
          || !Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
        stale.add(e.getKey());
      }
    }
    try (Stream<Path> s = Files.list(DIR)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !pages.containsKey(n))
          .forEach(n -> stale.add(n + " (no longer generated)"));
    }
    assertEquals(List.of(), stale, "docs/reference/ differs from the components' ConfigDefs;"
        + " regenerate it with: " + REGENERATE);
  }

  @Test
  void everyKindHasItsTypesAndEveryKeyItsRow() {
    Map<String, String> pages = ReferencePages.render(getClass().getClassLoader());
    assertEquals(new TreeSet<>(List.of("README.md", "sources.md", "channels.md", "sinks.md",
        "sink-processors.md", "channel-selectors.md", "interceptors.md", "discovery.md")),
        new TreeSet<>(pages.keySet()));
    String sinks = pages.get("sinks.md");
    assertTrue(sinks.contains("## `avro`") && sinks.contains("## `hdfs`"), sinks);
    assertTrue(sinks.contains("| `request-timeout` | integer |  | at least 1 | Milliseconds to wait"),
        sinks);
    assertTrue(pages.get("channels.md").contains("| `capacity` | integer | `100` |"),
        pages.get("channels.md"));
  }
}
