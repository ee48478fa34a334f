package io.sluice.deploy.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's end of the control channel, against a shell script playing the cluster host: it
 * answers {@code ok}, {@code error}, late, or not at all, on its standard error, whose other lines
 * land in the log.
 */
class HostControlTest {
  @TempDir Path tmp;

  private static final String HOST = """
      echo "an error line" >&2
      while read n cmd arg; do
        case "$cmd" in
          ping) echo "@control $n ok pong" >&2 ;;
          fail) echo "@control $n error fail: it broke" >&2 ;;
          slow) sleep 2; echo "@control $n ok late" >&2 ;;
          quit) exit 0 ;;
        esac
      done
      """;

  @Test
  void answersErrorsTimeoutsAndExitAreToldApart() throws Exception {
    Path log = tmp.resolve("host.log");
    Process p = new ProcessBuilder("sh", "-c", HOST).start();
    try {
      HostControl control = new HostControl(p, log, "test-host");
      assertEquals("pong", control.call("ping", Duration.ofSeconds(10)));
      IOException error = assertThrows(IOException.class,
          () -> control.call("fail", Duration.ofSeconds(10)));
      assertEquals("cluster host: fail: it broke", error.getMessage());
      IOException timeout = assertThrows(IOException.class,
          () -> control.call("slow", Duration.ofMillis(200)));
      assertTrue(timeout.getMessage().contains("did not answer 'slow'"), timeout.getMessage());
      assertEquals("pong", control.call("ping", Duration.ofSeconds(10)),
          "the late answer to 'slow' is not taken for this one");
      IOException gone = assertThrows(IOException.class,
          () -> control.call("quit", Duration.ofSeconds(10)));
      assertTrue(gone.getMessage().contains("exited before answering 'quit'"), gone.getMessage());
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      String text = Files.readString(log);
      assertEquals("an error line\n", text, "other lines of its standard error are logged");
    } finally {
      p.destroyForcibly();
    }
  }
}
