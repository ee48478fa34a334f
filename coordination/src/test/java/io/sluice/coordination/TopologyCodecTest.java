package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyCodecTest {
  static final String SAMPLE = """
      version = 3
      routes = web db
      route.web.tier = aggregators
      route.web.mode = failover
      route.web.priority.agg-1 = 10
      route.web.priority.agg-2 = 5
      route.db.tier = hdfs-writers
      route.db.mode = load_balance
      route.db.selector = random
      route.db.batch-size = 500
      route.db.connect-timeout = 5000
      route.db.request-timeout = 7000
      route.db.compression-type = deflate
      route.db.compression-level = 9
      route.db.ssl = true
      """;

  @Test
  void parsesEveryFieldAndLeavesTheRestUnset() {
    Topology t = TopologyCodec.parse(SAMPLE);
    assertEquals(3, t.version());
    assertEquals(List.of("db", "web"), List.copyOf(t.routes().keySet()));
    Route web = t.route("web").orElseThrow();
    assertEquals("aggregators", web.tier());
    assertEquals(Route.Mode.FAILOVER, web.mode());
    assertEquals(Map.of("agg-1", 10, "agg-2", 5), web.priorities());
    assertEquals(HopSettings.NONE, web.hop(), "unset: the edges' own settings apply");
    assertEquals(false, web.tls());
    assertEquals(10, web.priorityOf(Zk.member("agg-1", 1)));
    assertEquals(100, web.priorityOf(Zk.member("agg-9", 1)), "weight when unlisted");
    Route db = t.route("db").orElseThrow();
    assertEquals(new Route("db", "hdfs-writers", Route.Mode.LOAD_BALANCE, Route.Selector.RANDOM,
        Map.of(), HopSettings.NONE.withBatchSize(500).withConnectTimeout(Duration.ofMillis(5000))
        .withRequestTimeout(Duration.ofMillis(7000)).withCompression(Route.Compression.DEFLATE, 9),
        true), db);
  }

  @Test
  void formatPrintsWhatIsSetNamesWhatIsNotAndParsesBackEqual() {
    Topology t = TopologyCodec.parse(SAMPLE + "route.web.request-timeout = 20000\n");
    String text = TopologyCodec.format(t);
    assertEquals(t, TopologyCodec.parse(text));
    assertEquals(text, TopologyCodec.format(TopologyCodec.parse(text)));
    assertTrue(text.contains("route.web.request-timeout = 20000\n"), text);
    assertTrue(text.contains("route.db.selector = random\n"), text);
    assertTrue(!text.contains("route.web.batch-size"), "unset keys print no value: " + text);
    assertTrue(text.contains("# not set, so each edge's own sinkgroups.web.sink.* key applies, else"
        + " the Avro sink's default: batch-size, connect-timeout, compression-type,"
        + " compression-level, ssl\n"), text);
  }

  @Test
  void versionIsOptionalAndMeansNoneYet() {
    assertEquals(0, TopologyCodec.parse("routes = g\nroute.g.tier = t\n").version());
  }

  @Test
  void everyProblemIsReportedAtOnceNamingItsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> TopologyCodec.parse("""
        version = -1
        routes = web web api
        route.web.mode = failovr
        route.web.selector = random
        route.web.batch-size = 0
        route.web.request-timeout = soon
        route.web.compression-type = gzip
        route.web.compression-level = 12
        route.web.ssl = yes
        route.web.btach-size = 5
        route.api.tier = a/b
        route.api.mode = load_balance
        route.api.priority.agg-1 = 3
        route.ghost.tier = t
        """));
    List<String> keys = e.problems().stream().map(ConfigProblem::key).toList();
    assertEquals(java.util.Set.of("version", "routes", "route.web.tier", "route.web.mode",
        "route.web.batch-size", "route.web.request-timeout", "route.web.compression-type",
        "route.web.compression-level", "route.web.ssl", "route.api.tier",
        "route.api.priority.agg-1", "route.ghost.tier", "route.web.btach-size"),
        java.util.Set.copyOf(keys.stream().filter(k -> !k.equals("route.web.selector")).toList()),
        e.getMessage());
    assertEquals(14, keys.size(), e.getMessage());
    String m = e.getMessage();
    assertTrue(m.contains("routes: edge group 'web' is listed twice"), m);
    assertTrue(m.contains("route.web.tier: required"), m);
    assertTrue(m.contains("route.web.mode: must be one of [failover, load_balance], not 'failovr'"
        + " (did you mean 'failover'?)"), m);
    assertTrue(m.contains("route.web.selector: only applies to mode load_balance"), m);
    assertTrue(m.contains("route.web.request-timeout: must be a whole number, not 'soon'"), m);
    assertTrue(m.contains("route.web.compression-level: must be 1..9, not 12"), m);
    assertTrue(m.contains("route.api.priority.agg-1: priorities only apply to mode failover"), m);
    assertTrue(m.contains("route.ghost.tier: edge group 'ghost' is not listed in 'routes'"), m);
    assertTrue(m.contains("route.web.btach-size: unknown key (did you mean 'route.web.batch-size'?)"),
        m);
    assertTrue(m.contains("route.api.tier: tier 'a/b' is not a valid ZooKeeper node name"), m);
  }

  @Test
  void routesAreRequired() {
    ConfigException e = assertThrows(ConfigException.class, () -> TopologyCodec.parse("# empty"));
    assertEquals(List.of(new ConfigProblem("routes",
        "required: the edge groups this topology routes, separated by spaces")), e.problems());
  }

  /** ZooKeeper takes a 1 MiB node: parsing one must fail fast, not cost every edge minutes. */
  @Test
  void aMebibyteOfValidRoutesIsRefusedQuicklyNamingTheCap() {
    StringBuilder doc = new StringBuilder("routes =");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 15_000; i++) {
      String group = String.format("edge-group-%06d", i);
      doc.append(' ').append(group);
      body.append("route.").append(group).append(".tier = aggregators\n");
    }
    String text = doc.append('\n').append(body).toString();
    assertTrue(text.length() > 800_000, "size " + text.length());
    ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(ConfigException.class, () -> TopologyCodec.parse(text)));
    assertEquals(List.of(new ConfigProblem("routes", "lists 15000 edge groups; at most "
        + TopologyValidator.MAX_ROUTES + " are allowed")), e.problems());
  }

  @Test
  void thousandsOfMisspeltKeysAreReportedQuicklyAsAShortListAndACount() {
    StringBuilder doc = new StringBuilder("routes =");
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 900; i++) {
      doc.append(" g").append(i);
      body.append("route.g").append(i).append(".tier = t\n");
      for (int k = 0; k < 20; k++) {
        body.append("route.g").append(i).append(".tierr").append(k).append(" = t\n");
      }
    }
    String text = doc.append('\n').append(body).toString();
    ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(ConfigException.class, () -> TopologyCodec.parse(text)));
    List<ConfigProblem> problems = e.problems();
    assertEquals(TopologyValidator.MAX_PROBLEMS + 1, problems.size());
    assertTrue(problems.get(0).message().startsWith("unknown key (did you mean 'route.g"),
        problems.get(0).toString());
    assertEquals(new ConfigProblem("topology", "and " + (900 * 20 - TopologyValidator.MAX_PROBLEMS)
        + " more problems"), problems.get(problems.size() - 1));
  }

  @Test
  void aMisspeltPrefixIsSuggestedFromTheRouteItNames() {
    ConfigException e = assertThrows(ConfigException.class, () -> TopologyCodec.parse(
        "routes = web\nroute.web.tier = t\nrute.web.mode = failover\n"));
    assertEquals(List.of(new ConfigProblem("rute.web.mode",
        "unknown key (did you mean 'route.web.mode'?)")), e.problems());
  }

  @Test
  void tooManyKeysAreOneProblemNamingTheDocument() {
    StringBuilder text = new StringBuilder("routes = g\nroute.g.tier = t\n");
    for (int i = 0; i < TopologyValidator.MAX_KEYS; i++) {
      text.append("k").append(i).append(" = v\n");
    }
    ConfigException e = assertThrows(ConfigException.class,
        () -> TopologyCodec.parse(text.toString()));
    assertEquals(List.of(new ConfigProblem("topology", "has " + (TopologyValidator.MAX_KEYS + 2)
        + " keys; at most " + TopologyValidator.MAX_KEYS + " are allowed")), e.problems());
  }
}
