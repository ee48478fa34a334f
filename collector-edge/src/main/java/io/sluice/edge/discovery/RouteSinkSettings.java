package io.sluice.edge.discovery;

import io.sluice.api.spi.SinkSettings;
import io.sluice.coordination.HopSettings;
import io.sluice.coordination.Route;
import io.sluice.core.avro.AvroSinkConfig;
import io.sluice.rpc.Compression;

/**
 * A route's Avro sink settings laid over a member sink's config: each setting the route sets
 * replaces the one the edge's keys gave, typed, so the sink runs with what {@code topology show}
 * prints; the ones it leaves unset stay the edge's. Immutable; equal when the settings are.
 *
 * @param hop the route's settings
 */
record RouteSinkSettings(HopSettings hop) implements SinkSettings<AvroSinkConfig> {

  @Override
  public Class<AvroSinkConfig> configType() {
    return AvroSinkConfig.class;
  }

  @Override
  public AvroSinkConfig applyTo(AvroSinkConfig c) {
    return new AvroSinkConfig(c.hostname(), c.port(),
        hop.batchSize().orElse(c.batchSize()),
        hop.connectTimeout().orElse(c.connectTimeout()),
        hop.requestTimeout().orElse(c.requestTimeout()),
        c.resetConnectionInterval(),
        hop.compression().map(RouteSinkSettings::compression).orElse(c.compression()),
        hop.compressionLevel().orElse(c.compressionLevel()),
        c.tls(), c.tlsFromGlobals());
  }

  private static Compression compression(Route.Compression c) {
    return switch (c) {
      case NONE -> Compression.NONE;
      case DEFLATE -> Compression.DEFLATE;
    };
  }

  @Override
  public String toString() {
    return "the route's settings {" + hop + "}";
  }
}
