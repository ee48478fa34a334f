package io.sluice.deploy.drill;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code sluice drill} options.
 *
 * @param fault {@code kill} (SIGKILL, then restart) or {@code stop} (SIGSTOP, then SIGCONT)
 * @param target the node: agg1, agg2, edge1 or edge2
 * @param atSeconds when the fault happens, from the start of the load
 * @param downSeconds how long the node stays down before the restart / SIGCONT
 * @param durationSeconds how long the load runs in all
 * @param rate events per second per edge
 * @param eventSize bytes per event
 * @param dir work directory (emptied first; made by a quickstart or a drill)
 * @param discovery edges find aggregators in ZooKeeper; false with {@code --static}
 */
public record DrillOptions(String fault, String target, long atSeconds, long downSeconds,
    long durationSeconds, int rate, int eventSize, Path dir, boolean discovery) {

  static final String USAGE = """
      usage: sluice drill [options]
        starts the quickstart cluster, runs a paced load through the edges, injects one fault,
        reads back what landed in HDFS and reports (table, JSON, PNG chart)
            --fault kill|stop   SIGKILL then restart, or SIGSTOP then SIGCONT (default kill)
            --target NODE       agg1, agg2, edge1 or edge2 (default agg1)
            --at SECS           when the fault happens (default 10)
            --down SECS         how long the node stays down (default 5)
            --duration SECS     length of the load (default 30)
            --rate N            events per second per edge (default 200)
            --event-size N      bytes per event (default 100)
            --dir DIR           work directory, emptied first (default ./drill-data)
            --static            edges list the aggregators' ports (no ZooKeeper discovery)
        -h, --help              this help
      exit code: 0 when no acknowledged event is missing, 1 otherwise
      """;

  static DrillOptions parse(List<String> args) {
    String fault = "kill";
    String target = "agg1";
    long at = 10;
    long down = 5;
    long duration = 30;
    int rate = 200;
    int size = 100;
    Path dir = Path.of("drill-data");
    boolean discovery = true;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--fault" -> fault = oneOf(value(args, ++i, a), a, "kill", "stop");
        case "--target" -> target = oneOf(value(args, ++i, a), a, "agg1", "agg2", "edge1", "edge2");
        case "--at" -> at = number(value(args, ++i, a), a, 1);
        case "--down" -> down = number(value(args, ++i, a), a, 0);
        case "--duration" -> duration = number(value(args, ++i, a), a, 2);
        case "--rate" -> rate = (int) number(value(args, ++i, a), a, 1);
        case "--event-size" -> size = (int) number(value(args, ++i, a), a, 1);
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--static" -> discovery = false;
        case "-h", "--help" -> throw new IllegalArgumentException((String) null);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (at + down >= duration) {
      throw new IllegalArgumentException("--at + --down (" + (at + down)
          + " s) must end before --duration (" + duration + " s)");
    }
    return new DrillOptions(fault, target, at, down, duration, rate, size, dir, discovery);
  }

  private static String oneOf(String v, String option, String... allowed) {
    if (List.of(allowed).contains(v)) {
      return v;
    }
    throw new IllegalArgumentException(option + " is one of " + List.of(allowed) + ", not '" + v
        + "'");
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static long number(String v, String option, long min) {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a whole number of at least " + min
        + ", not '" + v + "'");
  }
}
