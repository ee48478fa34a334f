package io.sluice.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueSubstitutorTest {
  private final ValueSubstitutor subst =
      ValueSubstitutor.of(Map.of("HOST", "agg1"), Map.of("port", "4545"));

  @Test
  void replacesEnvAndSysReferences() {
    List<ConfigProblem> problems = new ArrayList<>();
    assertEquals("agg1:4545", subst.substitute("k", "${env:HOST}:${sys:port}", problems));
    assertEquals("plain", subst.substitute("k", "plain", problems));
    assertEquals("dflt", subst.substitute("k", "${env:MISSING:-dflt}", problems));
    assertTrue(problems.isEmpty());
  }

  @Test
  void unresolvableReferenceNamesTheKey() {
    List<ConfigProblem> problems = new ArrayList<>();
    subst.substitute("a1.sinks.k1.hostname", "${env:NOPE}", problems);
    assertEquals(1, problems.size());
    assertEquals("a1.sinks.k1.hostname", problems.get(0).key());
    assertTrue(problems.get(0).message().contains("${env:NOPE}"));
  }
}
