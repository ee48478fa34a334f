package io.sluice.edge.syslog;

import io.netty.buffer.ByteBuf;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.EventDrivenSource;
import io.sluice.api.spi.ComponentMetrics;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code netcatudp} source: one datagram is one event whose body is the datagram without
 * a trailing LF, received whole up to 64 KiB. Flume 1.11 cuts datagrams at 2,048 bytes and keeps
 * only the bytes before the first LF; Sluice keeps them all rather than losing the rest silently.
 * The sender's address goes in {@code remoteAddressHeader} as {@code /ip:port}, as in Flume.
 * Batching, drops for a full channel and the I/O thread: {@link UdpReceiver}. Thread-safe.
 */
public final class NetcatUdpSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatUdpSource.class);
  private static final int MAX_BATCH = 100;

  private final String name;
  private final NetcatUdpSourceConfig config;
  private final UdpReceiver receiver;

  public NetcatUdpSource(String name, NetcatUdpSourceConfig config, ChannelProcessor channels,
      ComponentMetrics metrics, Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.receiver = new UdpReceiver(name, LOG, channels, threads, MAX_BATCH,
        UdpReceiver.Counters.of(metrics), this::decode);
  }

  @Override
  public void start() {
    InetSocketAddress at = config.bind() == null ? new InetSocketAddress(config.port())
        : new InetSocketAddress(config.bind(), config.port());
    LOG.info("Source {} receiving datagrams on {}", name, receiver.start(at));
  }

  /** The port actually bound (useful with port 0); -1 when not running. */
  public int boundPort() {
    return receiver.boundPort();
  }

  @Override
  public void stop() {
    if (receiver.stop()) {
      LOG.info("Source {} stopped", name);
    }
  }

  private Event decode(ByteBuf content, InetSocketAddress sender, int localPort) {
    int length = content.readableBytes();
    if (length > 0 && content.getByte(content.readerIndex() + length - 1) == '\n') {
      length--; // the LF netcat and echo add ends the line, it is not part of it
    }
    byte[] body = new byte[length];
    content.getBytes(content.readerIndex(), body);
    String header = config.remoteAddressHeader();
    return header == null ? Event.of(body) : Event.of(Map.of(header, String.valueOf(sender)), body);
  }
}
