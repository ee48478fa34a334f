package io.sluice.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.config.FlumeProperties;
import io.sluice.edge.exec.ExecSourceFactory;
import io.sluice.edge.spooldir.SpoolDirectorySourceFactory;
import io.sluice.edge.taildir.TaildirSourceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every TAILDIR, spooldir and exec source in the corpus of real Flume configs
 * ({@code ../shared/flume-configs}, read in place) configures in Sluice with the keys it has.
 */
class FlumeCorpusFileSourcesTest {
  private static final Path CORPUS = Path.of("..", "..", "shared", "flume-configs");
  /** Keys the runtime handles for every source, not the source's factory. */
  private static final List<String> RUNTIME_KEYS = List.of("type", "channels", "selector.", "interceptors");

  @Test
  void everyFileSourceOfTheCorpusConfigures() throws Exception {
    assumeTrue(Files.isDirectory(CORPUS), "the corpus of Flume configs is not at " + CORPUS.toAbsolutePath());
    Map<String, ComponentFactory<?>> factories = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (ComponentFactory<?> f : List.of(new TaildirSourceFactory(), new SpoolDirectorySourceFactory(),
        new ExecSourceFactory())) {
      factories.put(f.type(), f);
      f.aliases().forEach(a -> factories.put(a, f));
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(CORPUS)) {
      files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
    }
    List<String> checked = new ArrayList<>();
    List<String> onlyUnknownKeys = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Path file : files) {
      Map<String, String> props = FlumeProperties.read(file);
      for (Map.Entry<String, String> e : props.entrySet()) {
        String key = e.getKey();
        if (!key.endsWith(".type") || !key.contains(".sources.")) {
          continue;
        }
        ComponentFactory<?> factory = factories.get(e.getValue().trim());
        String prefix = key.substring(0, key.length() - "type".length());
        if (factory == null || prefix.substring(0, prefix.length() - 1).split("\\.").length != 3) {
          continue;
        }
        Map<String, String> raw = new TreeMap<>(FlumeProperties.under(props, prefix));
        raw.keySet().removeIf(k -> RUNTIME_KEYS.stream().anyMatch(k::startsWith));
        String where = file.getFileName() + " " + prefix + " (" + factory.type().toLowerCase(Locale.ROOT) + ")";
        checked.add(where);
        String strict = problems(factory, raw, prefix);
        if (strict == null) {
          continue;
        }
        // Flume ignores keys it does not read (typos, keys of other versions); compat mode does too.
        raw.keySet().removeIf(k -> strict.contains(prefix + k + ": unknown key"));
        String lenient = problems(factory, raw, prefix);
        (lenient == null ? onlyUnknownKeys : refused).add(where + ": " + (lenient == null ? strict : lenient));
      }
    }
    System.out.println("File sources of the corpus: " + checked.size() + "; load strictly: "
        + (checked.size() - onlyUnknownKeys.size() - refused.size()) + "; need compat mode for unknown keys: "
        + onlyUnknownKeys + "; refused: " + refused);
    assertTrue(checked.size() >= 50, "expected the corpus's 51 file sources, found " + checked);
    assertTrue(onlyUnknownKeys.size() <= 3, "more sources than expected have unknown keys: " + onlyUnknownKeys);
    // The one refusal left names a custom deserializer class, which needs the user's own plugin.
    assertTrue(refused.size() <= 1 && refused.stream().allMatch(r -> r.contains("deserializer")),
        "refused: " + refused);
  }

  /** The problems configuring a source with these keys, or null when it configures. */
  private static String problems(ComponentFactory<?> factory, Map<String, String> raw, String prefix) {
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(), raw, prefix);
    if (!r.ok()) {
      return r.problems().toString();
    }
    try {
      factory.configure(r.values());
      return null;
    } catch (RuntimeException ex) {
      return ex.getMessage();
    }
  }
}
