/**
 * TLS settings (Flume's {@code ssl}, keystore/truststore keys, protocol and cipher filters) and the
 * {@link io.sluice.rpc.tls.SslContexts} that turns them into Netty contexts. SSLv3 is never enabled.
 */
package io.sluice.rpc.tls;
