package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the Grafana dashboard that {@code deploy/} and the tarball ship
 * ({@code src/main/monitoring}): the rules pass {@code promtool check rules} and the unit tests of
 * {@code sluice-alerts-test.yml}; the dashboard has the structure Grafana imports; and every metric
 * either names is one a running agent serves ({@link ScrapedAgent}) or, for the few that only
 * appear under conditions this test does not create, one that docs/monitoring.md documents.
 */
class MonitoringAssetsTest {
  private static final Path RULES = Path.of("src/main/monitoring/sluice-alerts.yml");
  private static final Path DASHBOARD = Path.of("src/main/monitoring/sluice-dashboard.json");
  private static final Path RULE_TESTS =
      Path.of("src/test/resources/monitoring/sluice-alerts-test.yml");
  private static final Path MONITORING_DOC = Path.of("../docs/monitoring.md");

  /** Names not served by an agent at all. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");
  /** Names an agent serves only under conditions the scraped agent does not meet, and why. */
  private static final Map<String, String> CONDITIONAL = Map.of(
      "sluice_sink_files_pending_close", "HDFS sinks only; the scraped agent runs none");

  private static final Pattern EXPR_LINE = Pattern.compile("^\\s*expr:\\s*(.+)$",
      Pattern.MULTILINE);
  private static final Pattern LABEL_VALUES_METRIC = Pattern.compile(
      "label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "table",
      "bargauge");

  @TempDir Path tmp;

  @Test
  void alertRulesPassPromtoolCheckAndItsUnitTests() throws Exception {
    Promtool promtool = Promtool.onPath();
    Promtool.Result check = promtool.run(RULES.toAbsolutePath().getParent(), "check", "rules",
        RULES.getFileName().toString());
    assertEquals(0, check.exitCode(), check.output());
    assertTrue(check.output().contains("SUCCESS: " + alertExpressions().size() + " rules found"),
        check.output());

    // promtool reads rule_files relative to the test file: both go into one folder.
    Files.copy(RULES, tmp.resolve(RULES.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(RULE_TESTS, tmp.resolve(RULE_TESTS.getFileName()));
    Promtool.Result test = promtool.run(tmp, "test", "rules", RULE_TESTS.getFileName().toString());
    assertEquals(0, test.exitCode(), test.output());
    assertTrue(test.output().contains("SUCCESS"), test.output());
  }

  @Test
  void promtoolRejectsABrokenRuleSoTheCheckCanFail() throws Exception {
    Promtool promtool = Promtool.onPath();
    Files.writeString(tmp.resolve("broken.yml"), Files.readString(RULES)
        .replace("sluice_channel_fill_ratio > 0.8", "sluice_channel_fill_ratio >"));
    Promtool.Result check = promtool.run(tmp, "check", "rules", "broken.yml");
    assertEquals(1, check.exitCode(), check.output());
    assertTrue(check.output().contains("SluiceChannelFilling") || check.output()
        .contains("parse error"), check.output());
  }

  @Test
  void theDashboardHasWhatGrafanaNeedsToImportIt() throws Exception {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    for (String field : List.of("title", "uid", "schemaVersion", "panels", "templating")) {
      assertTrue(d.has(field), "dashboard field " + field);
    }
    assertTrue(d.get("schemaVersion").isInt());
    Set<String> variables = new HashSet<>(Set.of("__rate_interval", "__interval"));
    d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    Set<Integer> ids = new HashSet<>();
    assertTrue(d.get("panels").size() >= 8, "panels: " + d.get("panels").size());
    for (JsonNode p : d.get("panels")) {
      String title = p.path("title").asText();
      assertFalse(title.isBlank(), "a panel without a title: " + p);
      assertTrue(ids.add(p.path("id").asInt(-1)) && p.path("id").isInt(), "panel id: " + title);
      assertTrue(PANEL_TYPES.contains(p.path("type").asText()), title + ": " + p.path("type"));
      JsonNode g = p.path("gridPos");
      for (String k : List.of("h", "w", "x", "y")) {
        assertTrue(g.path(k).isInt(), title + " gridPos." + k);
      }
      assertTrue(g.get("x").asInt() + g.get("w").asInt() <= 24, title + " wider than the grid");
      assertTrue(p.path("fieldConfig").path("defaults").has("unit"), title + " has a unit");
      assertTrue(p.path("targets").size() > 0, title + " has no query");
      Set<String> refIds = new HashSet<>();
      for (JsonNode t : p.get("targets")) {
        assertTrue(refIds.add(t.path("refId").asText()), title + ": refId repeated");
        String expr = t.path("expr").asText();
        assertFalse(expr.isBlank(), title + ": a target without expr");
        Matcher m = Pattern.compile("\\$\\{?(\\w+)").matcher(expr + p.path("datasource"));
        while (m.find()) {
          assertTrue(variables.contains(m.group(1)), title + " uses undefined $" + m.group(1));
        }
      }
    }
  }

  @Test
  void everyMetricTheRulesAndDashboardNameExists() throws Exception {
    Map<String, String> usedBy = new TreeMap<>();
    for (String expr : alertExpressions()) {
      PromQlNames.of(expr).forEach(n -> usedBy.putIfAbsent(n, "rule " + expr));
    }
    for (String expr : dashboardExpressions()) {
      PromQlNames.of(expr).forEach(n -> usedBy.putIfAbsent(n, "dashboard " + expr));
    }
    assertTrue(usedBy.keySet().containsAll(Set.of("sluice_agent_ready", "up",
        "sluice_channel_fill_ratio", "sluice_event_age_seconds_bucket")), "parsed: " + usedBy);

    String doc = Files.readString(MONITORING_DOC);
    Set<String> fromScrape = new TreeSet<>();
    Set<String> fromDocs = new TreeSet<>();
    List<String> unknown = new ArrayList<>();
    Set<String> expected = new TreeSet<>(usedBy.keySet());
    expected.removeAll(PROMETHEUS_OWN);
    expected.removeAll(CONDITIONAL.keySet());
    try (ScrapedAgent agent = ScrapedAgent.start(tmp)) {
      Set<String> served = agent.awaitNames(expected);
      for (String name : usedBy.keySet()) {
        if (PROMETHEUS_OWN.contains(name)) {
          continue;
        }
        if (served.contains(name)) {
          fromScrape.add(name);
        } else if (CONDITIONAL.containsKey(name) && doc.contains("`" + family(name) + "`")) {
          fromDocs.add(name + " (" + CONDITIONAL.get(name) + ")");
        } else {
          unknown.add(name + " used by " + usedBy.get(name));
        }
      }
    }
    assertTrue(unknown.isEmpty(), "metrics no agent serves: " + unknown + "\nserved: "
        + fromScrape);
    // Says which way each name was checked, so a reader knows how strong the check is.
    System.out.println("[monitoring assets] checked against a scrape: " + fromScrape);
    System.out.println("[monitoring assets] checked against docs/monitoring.md only: " + fromDocs);
    assertTrue(fromScrape.size() > fromDocs.size(), "most names come from a real scrape");
  }

  @Test
  void theZooKeeperGaugeFollowsTheRegistrationsSession() throws Exception {
    try (ScrapedAgent agent = ScrapedAgent.start(tmp)) {
      Predicate<String> series = l -> l.startsWith("sluice_zookeeper_connected{")
          && l.contains("component_kind=\"registration\"") && l.contains("component=\"hot\"");
      agent.awaitLine(series.and(l -> l.endsWith(" 1.0")), "connected");
      agent.zooKeeper().stop();
      agent.awaitLine(series.and(l -> l.endsWith(" 0.0")), "disconnected");
      agent.zooKeeper().restart();
      agent.awaitLine(series.and(l -> l.endsWith(" 1.0")), "reconnected");
    }
  }

  /** The family a sample name belongs to: {@code _bucket}, {@code _count}, {@code _sum} off. */
  private static String family(String sample) {
    return sample.replaceAll("_(bucket|count|sum)$", "");
  }

  private static List<String> alertExpressions() throws Exception {
    List<String> out = new ArrayList<>();
    Matcher m = EXPR_LINE.matcher(Files.readString(RULES));
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    assertFalse(out.isEmpty(), "no expr in " + RULES);
    return out;
  }

  private static List<String> dashboardExpressions() throws Exception {
    JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
    List<String> out = new ArrayList<>();
    d.get("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
    for (JsonNode v : d.path("templating").path("list")) {
      Matcher m = LABEL_VALUES_METRIC.matcher(v.path("definition").asText());
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    assertNotNull(d.get("panels"));
    return out;
  }
}
