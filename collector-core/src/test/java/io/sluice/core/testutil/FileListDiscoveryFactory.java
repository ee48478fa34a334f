package io.sluice.core.testutil;

import io.sluice.api.Lifecycle;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.DiscoveryContext;
import io.sluice.api.spi.DiscoveryFactory;
import io.sluice.api.spi.MemberSink;
import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test-only member discovery {@code test_file}: reads the members from a properties file
 * ({@code members = m1 m2}, {@code m1.type = file_roll}, ...) every 20 ms and reports changes, so a
 * test can change a running group's membership by rewriting the file.
 */
public final class FileListDiscoveryFactory implements DiscoveryFactory<Path> {
  static final ConfigKey<String> FILE = ConfigKey.string("file").required();

  @Override
  public String type() {
    return "test_file";
  }

  @Override
  public Class<?> componentClass() {
    return FileListDiscoveryFactory.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(FILE);
  }

  @Override
  public Path configure(ConfigValues values) {
    return Path.of(values.get(FILE));
  }

  @Override
  public Lifecycle create(Path file, DiscoveryContext context) {
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(context.threadFactory("poll"));
    return new Lifecycle() {
      private Map<String, String> last;

      @Override
      public void start() {
        poller.scheduleWithFixedDelay(this::poll, 0, 20, TimeUnit.MILLISECONDS);
      }

      private void poll() {
        Map<String, String> now;
        try {
          now = new TreeMap<>(FlumeProperties.read(file));
        } catch (IOException e) {
          return;
        }
        if (now.equals(last)) {
          return;
        }
        last = now;
        LinkedHashMap<String, MemberSink> members = new LinkedHashMap<>();
        for (String m : now.getOrDefault("members", "").trim().split("\\s+")) {
          if (!m.isEmpty()) {
            members.put(m, MemberSink.of(FlumeProperties.under(now, m + ".")));
          }
        }
        context.membersChanged(members);
      }

      @Override
      public void stop() {
        poller.shutdownNow();
      }
    };
  }

  /** Writes the member list: name to its sink keys. */
  public static void write(Path file, Map<String, Map<String, String>> members) throws IOException {
    StringBuilder b = new StringBuilder("members = " + String.join(" ", members.keySet()) + "\n");
    members.forEach((m, keys) -> keys.forEach((k, v) -> b.append(m).append('.').append(k)
        .append(" = ").append(v.replace("\\", "/")).append('\n')));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, b.toString());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
