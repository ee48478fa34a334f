package io.sluice.edge.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.testutil.Configs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ExecSourceFactoryTest {
  private final ExecSourceFactory factory = new ExecSourceFactory();

  @Test
  void isFoundByServiceLoaderUnderFlumesNames() {
    List<ComponentFactory<?>> found = new java.util.ArrayList<>();
    for (ComponentFactory<?> f : ServiceLoader.load(ComponentFactory.class)) {
      if (f.type().equals("exec")) {
        found.add(f);
      }
    }
    assertEquals(1, found.size());
    assertTrue(found.get(0).aliases().contains("org.apache.flume.source.ExecSource"));
  }

  @Test
  void flumeDefaults() {
    ExecSourceConfig c = Configs.configure(factory, Map.of("command", "tail -F /var/log/app.log"));
    assertEquals("tail -F /var/log/app.log", c.command());
    assertNull(c.shell());
    assertEquals(false, c.restart());
    assertEquals(10000, c.restartThrottleMillis());
    assertEquals(false, c.logStdErr());
    assertEquals(20, c.batchSize());
    assertEquals(3000, c.batchTimeoutMillis());
    assertEquals(StandardCharsets.UTF_8, c.charset());
    assertEquals(1 << 20, c.maxLineLength());
    assertEquals(List.of("tail", "-F", "/var/log/app.log"), c.argv());
  }

  @Test
  void withAShellTheCommandIsItsLastArgument() {
    ExecSourceConfig c = Configs.configure(factory, Map.of("command", "tail -F a.log | grep 'x y'",
        "shell", "/bin/bash  -c"));
    assertEquals(List.of("/bin/bash", "-c", "tail -F a.log | grep 'x y'"), c.argv());
  }

  @Test
  void problemsNameTheirKey() {
    assertEquals("command", firstProblemKey(Map.of()));
    assertEquals("command", firstProblemKey(Map.of("command", " ")));
    assertEquals("charset", firstProblemKey(Map.of("command", "x", "charset", "no-such-charset")));
    assertEquals("charset", firstProblemKey(Map.of("command", "x", "charset", "bad name!")));
    assertEquals("batchSize", firstProblemKey(Map.of("command", "x", "batchSize", "0")));
    assertEquals("batchTimeout", firstProblemKey(Map.of("command", "x", "batchTimeout", "0")));
    assertEquals("restartThrottle", firstProblemKey(Map.of("command", "x", "restartThrottle", "-1")));
    assertEquals("restart", firstProblemKey(Map.of("command", "x", "restart", "yes")));
    assertEquals("maxLineLength", firstProblemKey(Map.of("command", "x", "maxLineLength", "0")));
    assertEquals("shell", firstProblemKey(Map.of("command", "x", "shell", "")));
  }

  private String firstProblemKey(Map<String, String> raw) {
    var problems = Configs.parse(factory, raw).problems();
    assertTrue(!problems.isEmpty(), "expected a problem for " + raw);
    return problems.get(0).key();
  }
}
