package io.sluice.deploy.quickstart;

import static io.sluice.deploy.OptionArgs.number;
import static io.sluice.deploy.OptionArgs.value;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code sluice quickstart} options.
 *
 * @param dir work directory (default {@code ./quickstart-data}); emptied at start
 * @param durationSeconds stop by itself after this long; 0 = until Ctrl-C
 * @param discovery edges find aggregators in ZooKeeper (default) or, with {@code --static}, by
 *     fixed ports
 * @param rate lines per second each log writer appends (so events per second per edge)
 * @param eventSize bytes per line
 * @param rotateEvery how often each writer rotates its log, rename and copytruncate alternately
 */
public record QuickstartOptions(Path dir, long durationSeconds, boolean discovery, int rate,
    int eventSize, Duration rotateEvery) {

  static final String USAGE = """
      usage: sluice quickstart [options]
        a whole local cluster as separate processes: ZooKeeper + HDFS (MiniDFSCluster),
        two aggregators (avro -> file channel -> hdfs), two edges (TAILDIR -> file channel ->
        sink group), each edge tailing the log of a writer process that rotates it
            --dir DIR          work directory, emptied first (default ./quickstart-data)
            --duration SECS    stop by itself after SECS seconds (default: run until Ctrl-C)
            --static           edges list the aggregators' ports instead of discovering them in ZooKeeper
            --rate N           lines per second each writer appends (default 200)
            --event-size N     bytes per line (default 100)
            --rotate-every SECS each writer rotates its log this often, rename and copytruncate
                               alternately (default 10; 0: never)
        -h, --help             this help
      """;

  static QuickstartOptions parse(List<String> args) {
    Path dir = Path.of("quickstart-data");
    long duration = 0;
    boolean discovery = true;
    int rate = 200;
    int size = 100;
    long rotate = 10;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--duration" -> duration = number(value(args, ++i, a), a, 0);
        case "--static" -> discovery = false;
        case "--rate" -> rate = (int) number(value(args, ++i, a), a, 1);
        case "--event-size" -> size = (int) number(value(args, ++i, a), a, 1);
        case "--rotate-every" -> rotate = number(value(args, ++i, a), a, 0);
        case "-h", "--help" -> throw new IllegalArgumentException((String) null);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return new QuickstartOptions(dir, duration, discovery, rate, size, Duration.ofSeconds(rotate));
  }

  /** What the quickstart's edges carry: the writers' rotated logs, tailed. */
  EdgeLoad load() {
    return EdgeLoad.tailedLogs(rate, eventSize, rotateEvery);
  }
}
