package io.sluice.deploy.quickstart;

import static io.sluice.deploy.OptionArgs.number;
import static io.sluice.deploy.OptionArgs.value;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code sluice quickstart} options.
 *
 * @param dir work directory (default {@code ./quickstart-data}); emptied at start
 * @param durationSeconds stop by itself after this long; 0 = until Ctrl-C
 * @param discovery edges find aggregators in ZooKeeper (default) or, with {@code --static}, by
 *     fixed ports
 * @param rate events per second per edge
 * @param eventSize bytes per event
 */
public record QuickstartOptions(Path dir, long durationSeconds, boolean discovery, int rate,
    int eventSize) {

  static final String USAGE = """
      usage: sluice quickstart [options]
        a whole local cluster as separate processes: ZooKeeper + HDFS (MiniDFSCluster),
        two aggregators (avro -> file channel -> hdfs), two edges (demo -> file channel -> sink group)
            --dir DIR          work directory, emptied first (default ./quickstart-data)
            --duration SECS    stop by itself after SECS seconds (default: run until Ctrl-C)
            --static           edges list the aggregators' ports instead of discovering them in ZooKeeper
            --rate N           events per second per edge (default 200)
            --event-size N     bytes per event (default 100)
        -h, --help             this help
      """;

  static QuickstartOptions parse(List<String> args) {
    Path dir = Path.of("quickstart-data");
    long duration = 0;
    boolean discovery = true;
    int rate = 200;
    int size = 100;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--dir" -> dir = Path.of(value(args, ++i, a));
        case "--duration" -> duration = number(value(args, ++i, a), a, 0);
        case "--static" -> discovery = false;
        case "--rate" -> rate = (int) number(value(args, ++i, a), a, 1);
        case "--event-size" -> size = (int) number(value(args, ++i, a), a, 1);
        case "-h", "--help" -> throw new IllegalArgumentException((String) null);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    return new QuickstartOptions(dir, duration, discovery, rate, size);
  }
}
