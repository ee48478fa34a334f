/**
 * The Avro RPC hop as agent components: {@link io.sluice.core.avro.AvroSource} ({@code type =
 * avro}, aggregator side) and {@link io.sluice.core.avro.AvroSink} ({@code type = avro}, edge
 * side), with Flume 1.11's keys mapped onto {@code io.sluice.rpc}'s server and client.
 *
 * <p>Keys Sluice adds to Flume's (documented in each factory): source {@code ssl-client-auth},
 * {@code truststore*}, {@code max-events-per-batch}, {@code max-frame-bytes}, {@code
 * max-connections}, {@code idle-timeout}; sink {@code ssl-verify-hostname} (default true, unlike
 * Flume which never checks the host name) and {@code keystore*} for a client certificate. The
 * source's {@code spin-micros} is deprecated: accepted with one warning, ignored.
 *
 * <p>TLS keys a component leaves unset fall back to Flume 1.11's global TLS settings ({@code
 * javax.net.ssl.*} and {@code flume.ssl.*} system properties, then {@code FLUME_SSL_*} environment
 * variables): {@link io.sluice.core.avro.GlobalTlsSettings}, resolved per component by {@link
 * io.sluice.core.avro.ComponentTls}.
 */
package io.sluice.core.avro;
