package io.sluice.rpc.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sluice.api.Event;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.tls.SslContexts;
import io.sluice.rpc.wire.AvroReader;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.EventCodec;
import io.sluice.rpc.wire.Frame;
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import io.sluice.rpc.wire.PeerViolationException;
import io.sluice.rpc.wire.RemoteCallException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of Flume's Avro RPC ({@code AvroSourceProtocol}) over one connection, made and
 * handshaken by {@link #connect(RpcClientConfig)}. Calls block; several threads may call at once
 * and their calls are pipelined on the connection. A timeout, a closed connection or a malformed
 * reply makes the client inactive for good (make a new one); a {@code FAILED} status or a server
 * error does not. Thread-safe.
 */
public final class AvroRpcClient implements AutoCloseable {
  private static final int MAX_PROTOCOL_BYTES = 1 << 20;
  private final RpcClientConfig config;
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final ReplyRouter router;
  private final AtomicInteger serials = new AtomicInteger();
  private volatile Channel channel;
  private volatile boolean broken;

  private record Call(
      int serial, CompletableFuture<ByteBuf> reply, long deadlineNanos, int size,
      long timeoutMillis) {}

  private AvroRpcClient(RpcClientConfig config) {
    this.config = config;
    this.router = new ReplyRouter(config.peer());
    this.transport = NettyTransport.current();
    this.group = transport.newGroup(1, config.threadFactory() != null
        ? FastThreads.from(config.threadFactory())
        : new DefaultThreadFactory("sluice-rpc-client", true));
  }

  /**
   * Connects and performs the Avro handshake within {@code connectTimeout}.
   *
   * @throws RpcException naming {@code host:port} when that fails
   */
  public static AvroRpcClient connect(RpcClientConfig config) throws RpcException {
    AvroRpcClient client = new AvroRpcClient(config);
    try {
      client.open();
      return client;
    } catch (RpcException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private void open() throws RpcException {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    var ssl = config.tls() == null ? null : SslContexts.forClient(config.tls());
    ChannelFuture connected = new Bootstrap().group(group).channel(transport.socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new ClientChannelInitializer(config, ssl, router))
        .connect(config.host(), config.port());
    if (!connected.awaitUninterruptibly(config.connectTimeout().toMillis() + 1000)
        || !connected.isSuccess()) {
      Throwable cause = connected.cause();
      throw new RpcException("Cannot connect to " + config.peer() + ": "
          + (cause == null ? "timed out" : cause.getMessage()), cause);
    }
    channel = connected.channel();
    HandshakeResponse answer = ping(null, deadline);
    if (answer.match() == HandshakeMatch.NONE) {
      answer = ping(FlumeProtocol.json(), deadline);
    }
    if (answer.match() == HandshakeMatch.NONE
        || answer.match() == HandshakeMatch.CLIENT
            && !FlumeProtocol.isCompatible(answer.serverProtocol())) {
      throw fatal(config.peer() + " does not speak Flume's AvroSourceProtocol (handshake "
          + answer.match() + ")", null);
    }
  }

  /** A handshake-only call (empty message name), as Avro's stateful transports allow. */
  private HandshakeResponse ping(String protocolText, long deadline) throws RpcException {
    byte[] hash = FlumeProtocol.md5();
    ByteBuf out = channel.alloc().buffer();
    AvroWriter w = new AvroWriter(out);
    new HandshakeRequest(hash, protocolText, hash).write(w);
    CallCodec.writeCallHeader(w, CallCodec.PING);
    Call call = send(out, deadline, 0);
    ByteBuf reply = await(call, "the handshake", config.connectTimeout().toMillis());
    try {
      return HandshakeResponse.read(new AvroReader(reply), MAX_PROTOCOL_BYTES);
    } catch (PeerViolationException e) {
      throw fatal(config.peer() + " sent a malformed handshake: " + e.getMessage(), e);
    } finally {
      reply.release();
    }
  }

  /** Sends one event as Flume's {@code append}. */
  public void append(Event event) throws RpcException {
    requireActive();
    ByteBuf out = channel.alloc().buffer();
    AvroWriter w = new AvroWriter(out);
    CallCodec.writeCallHeader(w, CallCodec.APPEND);
    encode(out, () -> EventCodec.writeEvent(w, event));
    finish(send(out, requestDeadline(), 1), CallCodec.APPEND);
  }

  /**
   * Sends the events as {@code appendBatch} calls of at most {@code batchSize} events, up to
   * {@code maxCallsInFlight} at a time, and returns when all were answered {@code OK}.
   *
   * @throws RpcException on the first call that fails; earlier calls may have been delivered
   */
  public void appendBatch(List<Event> events) throws RpcException {
    appendBatch(events, config.requestTimeout());
  }

  /**
   * As {@link #appendBatch(List)}, waiting at most {@code requestTimeout} for each reply instead of
   * the configured one (callers that size timeouts from observed latency).
   */
  public void appendBatch(List<Event> events, Duration requestTimeout) throws RpcException {
    requireActive();
    Deque<Call> inFlight = new ArrayDeque<>();
    try {
      for (int from = 0; from < events.size(); from += config.batchSize()) {
        List<Event> chunk = events.subList(from, Math.min(events.size(), from + config.batchSize()));
        if (inFlight.size() >= config.maxCallsInFlight()) {
          finish(inFlight.poll(), CallCodec.APPEND_BATCH);
        }
        inFlight.add(sendBatch(chunk, requestTimeout));
      }
      while (!inFlight.isEmpty()) {
        finish(inFlight.poll(), CallCodec.APPEND_BATCH);
      }
    } finally {
      inFlight.forEach(c -> router.abandon(c.serial(), c.reply()));
    }
  }

  private Call sendBatch(List<Event> chunk, Duration requestTimeout) throws RpcException {
    ByteBuf out = channel.alloc().buffer();
    AvroWriter w = new AvroWriter(out);
    CallCodec.writeCallHeader(w, CallCodec.APPEND_BATCH);
    encode(out, () -> EventCodec.writeEvents(w, chunk));
    return send(out, System.nanoTime() + requestTimeout.toNanos(), chunk.size(),
        requestTimeout.toMillis());
  }

  private static void encode(ByteBuf out, Runnable writer) {
    try {
      writer.run();
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private Call send(ByteBuf payload, long deadlineNanos, int size) {
    return send(payload, deadlineNanos, size,
        Math.round((deadlineNanos - System.nanoTime()) / 1e6));
  }

  private Call send(ByteBuf payload, long deadlineNanos, int size, long timeoutMillis) {
    int serial = serials.getAndIncrement();
    CompletableFuture<ByteBuf> reply = router.expect(serial);
    channel.writeAndFlush(new Frame(serial, payload)).addListener(f -> {
      if (!f.isSuccess()) {
        router.fail(serial, f.cause());
      }
    });
    return new Call(serial, reply, deadlineNanos, size, timeoutMillis);
  }

  private void finish(Call call, String message) throws RpcException {
    String what = message + " of " + call.size() + " events";
    ByteBuf reply = await(call, what, call.timeoutMillis());
    RpcStatus status;
    try {
      status = CallCodec.readStatusReply(new AvroReader(reply));
    } catch (RemoteCallException e) {
      throw new RpcException(config.peer() + " failed " + what + ": " + e.getMessage());
    } catch (PeerViolationException e) {
      throw fatal(config.peer() + " sent a malformed reply to " + what + ": " + e.getMessage(), e);
    } finally {
      reply.release();
    }
    if (status != RpcStatus.OK) {
      throw new RpcException(config.peer() + " answered " + status + " to " + what);
    }
  }

  private ByteBuf await(Call call, String what, long timeoutMillis) throws RpcException {
    long left = call.deadlineNanos() - System.nanoTime();
    try {
      return call.reply().get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      router.abandon(call.serial(), call.reply());
      throw fatal("No reply from " + config.peer() + " within " + timeoutMillis + " ms to "
          + what, e);
    } catch (ExecutionException e) {
      throw fatal("Call to " + config.peer() + " (" + what + ") failed: "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      router.abandon(call.serial(), call.reply());
      throw new RpcException("Interrupted waiting for " + config.peer() + " (" + what + ")", e);
    }
  }

  private long requestDeadline() {
    return System.nanoTime() + config.requestTimeout().toNanos();
  }

  private RpcException fatal(String message, Throwable cause) {
    broken = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
    return new RpcException(message, cause);
  }

  private void requireActive() throws RpcException {
    if (!isActive()) {
      throw new RpcException("Connection to " + config.peer() + " is closed");
    }
  }

  /** Whether the connection is open and no call has failed it. */
  public boolean isActive() {
    Channel ch = channel;
    return !broken && ch != null && ch.isActive();
  }

  /** The server as {@code host:port}. */
  public String peer() {
    return config.peer();
  }

  /** Closes the connection and stops the I/O thread. Idempotent. */
  @Override
  public void close() {
    broken = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
