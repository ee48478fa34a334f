package io.sluice.edge.syslog;

import io.netty.buffer.ByteBuf;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.EventDrivenSource;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code syslogudp} source: one datagram is one message, received whole up to 64 KiB
 * (Flume 1.10+ cuts datagrams at 2,048 bytes because Netty 4's default receive buffer is that
 * small) and cut at {@code eventSize} like Flume ({@code Incomplete}). Batches of at most
 * {@code batchSize} per read burst, drops for a full channel and the I/O thread:
 * {@link UdpReceiver}. Thread-safe.
 */
public final class SyslogUdpSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);

  private final String name;
  private final SyslogSourceConfig config;
  private final SyslogCounters counters;
  private final SyslogParser parser;
  private final UdpReceiver receiver;
  private EventMaker maker; // made on the I/O thread, which alone uses it

  public SyslogUdpSource(String name, SyslogSourceConfig config, ChannelProcessor channels,
      SyslogCounters counters, Clock clock, Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.counters = counters;
    this.parser = new SyslogParser(config.keepFields(), config.structuredHeaders(), clock,
        config.customFormat(), config.priorityHeaders());
    this.receiver = new UdpReceiver(name, LOG, channels, threads, config.batchSize(),
        counters.udp(),
        this::decode);
  }

  @Override
  public void start() {
    int port = config.ports().get(0);
    InetSocketAddress at = config.host() == null ? new InetSocketAddress(port)
        : new InetSocketAddress(config.host(), port);
    LOG.info("Source {} receiving syslog over UDP on {} (eventSize={})", name, receiver.start(at),
        config.eventSize());
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

  private Event decode(ByteBuf content, InetSocketAddress from, int localPort) {
    if (maker == null) {
      maker = new EventMaker(config, parser, counters, localPort);
    }
    int length = content.readableBytes();
    if (length > 0 && content.getByte(content.readerIndex() + length - 1) == '\n') {
      length--; // a trailing LF is a delimiter, as on TCP
    }
    boolean cut = length > config.eventSize();
    byte[] bytes = new byte[Math.min(length, config.eventSize())];
    content.getBytes(content.readerIndex(), bytes);
    if (bytes.length == 0) {
      return null;
    }
    return maker.make(new SyslogFrame(bytes, cut),
        config.clientIpHeader() == null ? null : EventMaker.ip(from),
        config.clientHostnameHeader() == null ? null : EventMaker.hostname(from));
  }
}
