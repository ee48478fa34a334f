package io.sluice.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The requests an in-process Kafka broker has handled, by request type, from its
 * {@code kafka.network:type=RequestMetrics,name=RequestsPerSec} meters (one per type and version,
 * summed by type): what an agent asks of the broker per record, which on a shared machine is what
 * the broker's core spends on it. For profiling benches, not a test.
 */
final class BrokerRequests {
  private static final String METERS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,*";

  private BrokerRequests() {}

  /** The count of each request type so far (empty when the broker registers no meters). */
  static Map<String, Long> counts() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Map<String, Long> out = new TreeMap<>();
    try {
      for (ObjectName name : server.queryNames(new ObjectName(METERS), null)) {
        Object count = server.getAttribute(name, "Count");
        out.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot read the broker's request meters: " + e, e);
    }
    return out;
  }

  /** Prints each request type's count per 1,000 records between the two readings, largest first. */
  static void print(String label, Map<String, Long> before, Map<String, Long> after, double records) {
    System.out.println("  broker requests, " + label + ":");
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf(Locale.ROOT, "    %-24s %8.2f per 1,000 records%n", e.getKey(),
            e.getValue() * 1e3 / records));
  }
}
