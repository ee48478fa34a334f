package io.sluice.edge.syslog;

import io.sluice.rpc.tls.ServerTls;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of the {@code syslogtcp}, {@code multiport_syslogtcp} and {@code syslogudp} sources.
 *
 * @param host {@code host}: address to listen on; null listens on every address (Flume's default)
 * @param ports {@code port}, or {@code ports} for multiport; 0 picks a free port (tests)
 * @param eventSize {@code eventSize} (2500): longest message in bytes; longer ones are cut and
 *     marked {@code Incomplete}
 * @param keepFields {@code keepFields} (none)
 * @param clientIpHeader {@code clientIPHeader}: header for the sender's IP address, or null
 * @param clientHostnameHeader {@code clientHostnameHeader}: header for the sender's host name, or null
 * @param portHeader {@code portHeader}: header for the local port a message arrived on, or null
 * @param defaultCharset {@code charset.default} (UTF-8)
 * @param portCharsets {@code charset.port.<p>}: per-port charsets
 * @param batchSize {@code batchSize} (100): most events per channel transaction
 * @param readBufferSize {@code readBufferSize} (1024): first size of a connection's read buffer
 * @param numProcessors {@code numProcessors}: I/O threads of the TCP sources
 * @param structuredHeaders {@code structuredHeaders} (false): RFC 5424 fields as headers
 * @param customFormat {@code format.*} (syslogtcp, syslogudp): a format tried first, or null
 * @param priorityHeaders {@code priority} and {@code version} headers, as Flume's syslogtcp and
 *     syslogudp give them (the multiport source's parser gives its own {@code Priority} and
 *     {@code Version} instead)
 * @param maxConnections {@code max-connections} (TCP): more are closed on accept
 * @param idleTimeout {@code idle-timeout} (TCP): a message stalled this long closes its connection
 * @param tls TCP only: null for plain TCP
 * @param tlsFromGlobals TLS values taken from Flume's global settings, for one log line
 */
public record SyslogSourceConfig(
    String host,
    List<Integer> ports,
    int eventSize,
    KeepFields keepFields,
    String clientIpHeader,
    String clientHostnameHeader,
    String portHeader,
    Charset defaultCharset,
    Map<Integer, Charset> portCharsets,
    int batchSize,
    int readBufferSize,
    int numProcessors,
    boolean structuredHeaders,
    CustomSyslogFormat customFormat,
    boolean priorityHeaders,
    int maxConnections,
    Duration idleTimeout,
    ServerTls tls,
    List<String> tlsFromGlobals) {

  public SyslogSourceConfig {
    ports = List.copyOf(ports);
    portCharsets = Map.copyOf(portCharsets);
    tlsFromGlobals = List.copyOf(tlsFromGlobals);
  }

  Charset charsetFor(int port) {
    return portCharsets.getOrDefault(port, defaultCharset);
  }
}
