package io.sluice.aggregator.registration;

import io.sluice.core.avro.AvroSourceConfig;
import io.sluice.core.config.AgentConfig;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The Avro source an aggregator announces, picked from its config: by name, or the only Avro
 * source. Immutable.
 *
 * @param name the source's name
 * @param bind its bind address
 * @param tls whether it speaks TLS
 */
public record RegisteredSource(String name, String bind, boolean tls) {

  /** Picks the source; the message of the exception says what is wrong with the choice. */
  public static RegisteredSource pick(AgentConfig config, Optional<String> name) {
    if (name.isPresent()) {
      SourceSpec spec = config.sources().get(name.get());
      if (spec == null) {
        throw new IllegalArgumentException("agent '" + config.agentName() + "' has no source '"
            + name.get() + "' (sources: " + config.sources().keySet() + ")");
      }
      if (!(spec.config() instanceof AvroSourceConfig c)) {
        throw new IllegalArgumentException("source '" + name.get() + "' of agent '"
            + config.agentName() + "' is not an avro source; only avro sources can be registered");
      }
      return new RegisteredSource(spec.name(), c.bind(), c.tls() != null);
    }
    List<SourceSpec> avro = config.sources().values().stream()
        .filter(s -> s.config() instanceof AvroSourceConfig).toList();
    if (avro.size() != 1) {
      throw new IllegalArgumentException("agent '" + config.agentName() + "' has "
          + (avro.isEmpty() ? "no avro source" : "several avro sources "
              + avro.stream().map(SourceSpec::name).toList())
          + ": name the one to register with --register-source");
    }
    AvroSourceConfig c = (AvroSourceConfig) avro.get(0).config();
    return new RegisteredSource(avro.get(0).name(), c.bind(), c.tls() != null);
  }

  /** The address to advertise when none is given: the bind address, unless it is a wildcard. */
  public String defaultAdvertiseHost() {
    try {
      InetAddress a = InetAddress.getByName(bind);
      if (a.isAnyLocalAddress()) {
        return InetAddress.getLocalHost().getCanonicalHostName();
      }
    } catch (UnknownHostException e) {
      // A bind name this machine cannot resolve: edges may still resolve it, so advertise it.
    }
    return bind;
  }
}
