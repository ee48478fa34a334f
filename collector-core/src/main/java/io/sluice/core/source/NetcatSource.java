package io.sluice.core.source;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a TCP port and turns every line a client sends into one event (Flume's netcat
 * source). One acceptor thread plus one thread per client, all from the context's thread factory.
 * A line longer than {@code max-line-length} bytes is truncated to that length, the rest of it is
 * discarded and a warning is logged (Flume counts characters including the newline and also replies
 * "FAILED" for such a line; Sluice keeps the truncated line and acks it "OK"). A trailing '\r' is
 * dropped. {@link #stop()} closes the server socket and every connection and joins the threads.
 *
 * <p>Thread-safe: start and stop come from the runtime, connections run on their own threads.
 */
public final class NetcatSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
  private static final long JOIN_MILLIS = 5000;

  private final String name;
  private final NetcatSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final SourceCounters counters;
  private final ThreadFactory acceptorThreads;
  private final ThreadFactory connectionThreads;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Thread> clientThreads = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private ServerSocket server;
  private Thread acceptor;

  public NetcatSource(String name, NetcatSourceConfig config, ChannelProcessor channelProcessor,
      SourceCounters counters, ThreadFactory acceptorThreads, ThreadFactory connectionThreads) {
    this.name = name;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.acceptorThreads = acceptorThreads;
    this.connectionThreads = connectionThreads;
  }

  @Override
  public synchronized void start() throws IOException {
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(config.bind(), config.port()));
    } catch (IOException e) {
      s.close();
      throw new IOException("source " + name + ": cannot listen on " + config.bind() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    server = s;
    acceptor = acceptorThreads.newThread(this::acceptLoop);
    acceptor.start();
    LOG.info("Source {} listening on {}", name, s.getLocalSocketAddress());
  }

  /** The port actually bound (useful with {@code port = 0}); -1 before start. */
  public synchronized int boundPort() {
    return server == null ? -1 : server.getLocalPort();
  }

  private void acceptLoop() {
    while (!stopping) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!stopping) {
          LOG.error("Source {}: accept failed; no longer accepting connections", name, e);
        }
        return;
      }
      serve(client);
    }
  }

  private void serve(Socket client) {
    clients.add(client);
    Thread[] self = new Thread[1];
    Runnable onClose = () -> {
      clients.remove(client);
      clientThreads.remove(self[0]);
    };
    self[0] = connectionThreads.newThread(
        new NetcatConnection(name, client, config, channelProcessor, counters, onClose));
    clientThreads.add(self[0]);
    if (stopping) {
      // stop() may have swept the sets before we added to them.
      closeQuietly(client);
    }
    self[0].start();
  }

  @Override
  public void stop() {
    ServerSocket s;
    Thread a;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      s = server;
      a = acceptor;
    }
    closeQuietly(s);
    join(a);
    clients.forEach(NetcatSource::closeQuietly);
    clientThreads.forEach(this::join);
    LOG.info("Source {} stopped", name);
  }

  private void join(Thread t) {
    if (t == null) {
      return;
    }
    try {
      t.join(JOIN_MILLIS);
      if (t.isAlive()) {
        LOG.warn("Source {}: thread {} did not end within {} ms", name, t.getName(), JOIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }
}
