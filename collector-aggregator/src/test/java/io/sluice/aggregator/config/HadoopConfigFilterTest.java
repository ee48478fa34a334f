package io.sluice.aggregator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flume 1.11's {@code hadoop} config filter on an aggregator (which has Hadoop's classes): a
 * secret kept in a Hadoop credential store ({@code jceks}) fills a config value, as under Flume.
 */
class HadoopConfigFilterTest {
  @TempDir Path tmp;

  private final AgentConfigLoader loader = new AgentConfigLoader(
      ComponentRegistry.fromContextClassLoader(), ValueSubstitutor.of(Map.of(), Map.of()));

  private String store(Map<String, String> secrets) throws Exception {
    String uri = "jceks://file" + tmp.resolve("creds.jceks").toAbsolutePath();
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    for (Map.Entry<String, String> e : secrets.entrySet()) {
      provider.createCredentialEntry(e.getKey(), e.getValue().toCharArray());
    }
    provider.flush();
    return uri;
  }

  private static String agent(String uri, String reference) {
    return """
        a1.configfilters = f1
        a1.configfilters.f1.type = hadoop
        a1.configfilters.f1.credential.provider.path = %s
        a1.sources = r1
        a1.channels = c1
        a1.sources.r1.type = seq
        a1.sources.r1.channels = c1
        a1.sources.r1.interceptors = i1
        a1.sources.r1.interceptors.i1.type = static
        a1.sources.r1.interceptors.i1.key = token
        a1.sources.r1.interceptors.i1.value = %s
        a1.channels.c1.type = memory
        """.formatted(uri, reference);
  }

  @Test
  void aSecretFromTheCredentialStoreFillsTheValue() throws Exception {
    String uri = store(Map.of("kafka.password", "s3cr3t-value"));
    AgentConfig c = loader.load(FlumeProperties.parse(agent(uri, "${f1['kafka.password']}")),
        "a1");
    String interceptor = c.sources().get("r1").interceptors().get(0).config().toString();
    assertTrue(interceptor.contains("s3cr3t-value"), interceptor);
  }

  @Test
  void aKeyTheStoreLacksIsAProblemNamingTheKey() throws Exception {
    String uri = store(Map.of("other", "x"));
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(
        FlumeProperties.parse(agent(uri, "${f1['kafka.password']}")), "a1"));
    assertEquals("a1.sources.r1.interceptors.i1.value", e.problems().get(0).key(),
        e.problems().toString());
  }
}
