package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.core.registry.ComponentRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flume 1.11's config filters: {@code ${f['key']}} in values, resolved by env, external, hadoop. */
class ConfigFiltersTest {
  private static final String AGENT = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = netcat
      a1.sources.r1.bind = 127.0.0.1
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;

  @TempDir Path tmp;

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(),
      ValueSubstitutor.of(Map.of("NETCAT_PORT", "4545", "CAP", "777"), Map.of()));

  private Map<String, String> props(String more) {
    return FlumeProperties.parse(AGENT + more);
  }

  private static List<String> problems(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void envFilterResolvesByFlumesTypeNameAndClassName() {
    for (String type : List.of("env", "org.apache.flume.configfilter.EnvironmentVariableConfigFilter")) {
      AgentConfig c = loader.load(props("""
          a1.configfilters = f1
          a1.configfilters.f1.type = %s
          a1.sources.r1.port = ${f1['NETCAT_PORT']}
          a1.channels.c1.capacity = ${f1["CAP"]}
          """.formatted(type)), "a1");
      assertTrue(c.sources().get("r1").config().toString().contains("4545"),
          c.sources().get("r1").config().toString());
      assertTrue(c.channels().get("c1").config().toString().contains("777"),
          c.channels().get("c1").config().toString());
    }
  }

  @Test
  void externalFilterRunsTheCommandWithTheKeyAndTakesItsFirstLine() throws Exception {
    Path script = tmp.resolve("secret.sh");
    Path calls = tmp.resolve("calls");
    Files.writeString(script, "#!/bin/sh\necho \"$1\" >> " + calls + "\n"
        + "if [ \"$1\" = port ]; then echo 4646; echo second line; else exit 3; fi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    AgentConfig c = loader.load(props("""
        a1.configfilters = f1
        a1.configfilters.f1.type = external
        a1.configfilters.f1.command = %s
        a1.sources.r1.port = ${f1['port']}
        a1.sources.r1.max-line-length = ${f1['port']}
        """.formatted(script)), "a1");
    assertTrue(c.sources().get("r1").config().toString().contains("4646"),
        c.sources().get("r1").config().toString());
    assertEquals(List.of("port"), Files.readAllLines(calls), "one run per distinct key");

    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(props("""
        a1.configfilters = f1
        a1.configfilters.f1.type = external
        a1.configfilters.f1.command = %s
        a1.sources.r1.port = ${f1['nope']}
        """.formatted(script)), "a1"));
    assertEquals(1, problems(e).size(), problems(e).toString());
    assertTrue(problems(e).get(0).startsWith("a1.sources.r1.port: cannot resolve '${f1['nope']}':"
        + " config filter 'f1' failed: '" + script + " nope' exited with status 3"),
        problems(e).toString());
  }

  @Test
  void externalFilterAppendsTheKeyAsFlumeDoes() {
    AgentConfig c = loader.load(props("""
        a1.configfilters = f1
        a1.configfilters.f1.type = org.apache.flume.configfilter.ExternalProcessConfigFilter
        a1.configfilters.f1.command = echo
        a1.sources.r1.port = ${f1['4747']}
        """), "a1");
    assertTrue(c.sources().get("r1").config().toString().contains("4747"),
        c.sources().get("r1").config().toString());
  }

  @Test
  void referenceToAFilterThatIsNotListedNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(props("""
        a1.configfilters = f1
        a1.configfilters.f1.type = env
        a1.sources.r1.port = ${f2['NETCAT_PORT']}
        """), "a1"));
    assertEquals(List.of("a1.sources.r1.port: '${f2['NETCAT_PORT']}' names config filter 'f2',"
        + " which is not listed in <agent>.configfilters (did you mean 'f1'?)"), problems(e));
  }

  @Test
  void filterProblemsNameTheirKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(props("""
        a1.configfilters = f1 f2 f3
        a1.configfilters.f1.type = enviroment
        a1.configfilters.f2.type = external
        a1.configfilters.f3.type = env
        a1.configfilters.f3.prefix = X
        a1.sources.r1.port = 1
        """), "a1"));
    assertEquals(List.of(
        "a1.configfilters.f1.type: unknown config filter type 'enviroment'; known types: env,"
            + " external, hadoop (or Flume's class names, e.g."
            + " org.apache.flume.configfilter.EnvironmentVariableConfigFilter)",
        "a1.configfilters.f2.command: is required: the command that prints a key's value",
        "a1.configfilters.f3.prefix: unknown key; the env filter takes no keys"), problems(e));
  }

  @Test
  void hadoopFilterWithoutHadoopIsAClearError() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(props("""
        a1.configfilters = f1
        a1.configfilters.f1.type = hadoop
        a1.configfilters.f1.credential.provider.path = jceks://file/tmp/x.jceks
        a1.sources.r1.port = ${f1['port']}
        """), "a1"));
    assertEquals(List.of("a1.configfilters.f1.type: the hadoop config filter needs Hadoop's classes"
            + " (org.apache.hadoop.conf.Configuration), which are not on this agent's classpath;"
            + " run it as an aggregator, or use the env or external filter",
        "a1.sources.r1.port: cannot resolve '${f1['port']}': config filter 'f1' failed: it is not"
            + " set up (see a1.configfilters.f1.*)"), problems(e));
  }

  @Test
  void inCompatModeAnUnresolvedReferenceStaysAsWrittenAndIsReported() {
    LoadedConfig loaded = loader.load(FlumeProperties.parse(AGENT.replace("a1.channels = c1",
        "a1.channels = c1 c2") + """
        a1.configfilters = f1
        a1.configfilters.f1.type = env
        a1.sources.r1.port = 4545
        a1.channels.c2.type = memory
        a1.channels.c2.keep-alive = ${f1['UNSET']}
        """), "a1", ConfigMode.FLUME);
    List<String> tolerated = loaded.tolerated().stream().map(ToleratedProblem::toString).toList();
    assertEquals(2, tolerated.size(), tolerated.toString());
    assertEquals("a1.channels.c2.keep-alive: cannot resolve '${f1['UNSET']}': config filter 'f1'"
        + " has no value for 'UNSET'; kept as written, as Flume keeps it", tolerated.get(0));
    assertTrue(tolerated.get(1).startsWith("a1.channels.c2.keep-alive: '${f1['UNSET']}' is not a"
        + " valid"), tolerated.toString());
    assertTrue(tolerated.get(1).endsWith("; channel c2 is dropped"), tolerated.toString());
    assertEquals(List.of("c1"), List.copyOf(loaded.config().channels().keySet()));
  }

  @Test
  void envAndSysStillWorkBesideFilters() {
    AgentConfig c = loader.load(props("a1.sources.r1.port = ${env:NETCAT_PORT}\n"), "a1");
    assertTrue(c.sources().get("r1").config().toString().contains("4545"));
  }
}
