package io.sluice.deploy.status;

import io.sluice.coordination.MembershipQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code sluice top}: the {@code sluice status} table redrawn every {@code interval} until
 * {@code q} or Ctrl-C; the terminal is put back either way.
 */
public final class TopCommand {
  private TopCommand() {}

  public static int run(MembershipQuery query, String cluster, Duration interval, InputStream in,
      PrintStream out) throws IOException, InterruptedException {
    try (ClusterView view = new ClusterView(query); Terminal terminal = Terminal.open(out)) {
      int width = Terminal.width();
      do {
        long start = System.nanoTime();
        List<AgentRow> rows = view.refresh();
        String body = rows.isEmpty() ? StatusCommand.NONE_FOUND + "\n"
            : StatusTable.render(cluster, rows, width);
        terminal.draw("sluice top - " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + " - every " + interval.toMillis() / 1000.0 + " s - q or Ctrl-C quits\n\n" + body);
        long spent = (System.nanoTime() - start) / 1_000_000;
        if (Terminal.quitPressed(in, Math.max(0, interval.toMillis() - spent))) {
          return 0;
        }
      } while (true);
    }
  }
}
