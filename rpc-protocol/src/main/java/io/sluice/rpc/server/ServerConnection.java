package io.sluice.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.wire.AvroReader;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.EventCodec;
import io.sluice.rpc.wire.Frame;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import io.sluice.rpc.wire.PeerViolationException;
import io.sluice.rpc.wire.WireLimits;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server connection: decodes each frame (handshake, then calls) on the I/O thread, queues the
 * calls, and runs them through the {@link CallDispatcher}; while no permit is free it stops reading
 * (auto-read off). Replies go out as their stages complete, matched by serial, written by the
 * thread that completed them ({@link ReplyWriter}); a handler may also read the calls that follow
 * (see {@link #watchForNextCalls()}). One instance per connection; apart from the fields set in
 * {@link #handlerAdded}, before any call runs, its fields are touched only on the connection's
 * event loop.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

  private final BatchHandler handler;
  private final CallDispatcher dispatcher;
  private final HandshakeResponder handshakes;
  private final WireLimits limits;
  private final FrameWatcher watcher;
  private final long watchNanos;
  private ReplyWriter replies;
  private DirectWriteSocketChannel socket; // a plain connection's socket, else null
  private FrameDecoder frameDecoder;
  private final Queue<Call> pending = new ArrayDeque<>();
  private boolean handshaken;
  private boolean waitingForPermit;
  // A handler thread reads this connection (its I/O thread does not) until it hands it back.
  private boolean watched;
  // Cleared for good once the peer sent bytes the pipeline refuses (it closes the connection).
  private boolean watchable = true;
  private Channel channel;

  private record Call(int serial, HandshakeResponse handshake, String name, List<Event> events) {}

  /**
   * @param watcher lets handler threads read the next frame of a plain connection, or null
   * @param watchNanos longest a handler keeps a connection from its I/O thread at a time
   */
  ServerConnection(BatchHandler handler, CallDispatcher dispatcher, HandshakeResponder handshakes,
      WireLimits limits, FrameWatcher watcher, long watchNanos) {
    this.handler = handler;
    this.watcher = watcher;
    this.watchNanos = watchNanos;
    this.dispatcher = dispatcher;
    this.handshakes = handshakes;
    this.limits = limits;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    // Only plain servers (no TLS, no zlib) accept DirectWriteSocketChannels.
    socket = channel instanceof DirectWriteSocketChannel s ? s : null;
    replies = new ReplyWriter(channel, socket);
    frameDecoder = ctx.pipeline().get(FrameDecoder.class);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      onFrame(frame);
    } finally {
      ReferenceCountUtil.release(frame);
    }
  }

  private void onFrame(Frame frame) {
    AvroReader in = new AvroReader(frame.payload());
    HandshakeResponse handshake = null;
    if (!handshaken) {
      handshake = handshakes.respond(HandshakeRequest.read(in, limits.maxFrameBytes()));
      if (handshake.match() == HandshakeMatch.NONE) {
        reply(new Call(frame.serial(), handshake, CallCodec.PING, List.of()), null, null);
        return;
      }
      handshaken = true;
    }
    Call call = readCall(frame.serial(), handshake, in);
    if (call.events().isEmpty()) {
      reply(call, RpcStatus.OK, null); // a ping or an empty batch: nothing to hand over
      return;
    }
    pending.add(call);
    drain();
  }

  private Call readCall(int serial, HandshakeResponse handshake, AvroReader in) {
    String name = CallCodec.readCallHeader(in);
    List<Event> events = switch (name) {
      case CallCodec.APPEND -> List.of(EventCodec.readEvent(in, limits));
      case CallCodec.APPEND_BATCH -> EventCodec.readEvents(in, limits);
      case CallCodec.PING -> List.of();
      default -> throw new PeerViolationException("called unknown message '" + name + "'");
    };
    return new Call(serial, handshake, name, events);
  }

  private void drain() {
    while (!pending.isEmpty()) {
      if (!dispatcher.tryAcquire()) {
        pauseUntilPermit();
        return;
      }
      Call call = pending.poll();
      if (canBeWatched()) {
        // The handler answering this call reads the next one too: stop reading here first.
        watched = true;
        channel.config().setAutoRead(false);
        dispatcher.execute(() -> {
          invoke(call);
          watchForNextCalls();
        });
      } else {
        dispatcher.execute(() -> invoke(call));
      }
    }
    if (!watched && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  /** A lone call on a plain connection with nothing of the next frame read yet. */
  private boolean canBeWatched() {
    return watcher != null && socket != null && watchable && pending.isEmpty() && !watched
        && frameDecoder != null && !frameDecoder.holdsBytes() && channel.isActive();
  }

  /**
   * Runs on a handler thread after answering a call of this connection: reads and handles the
   * calls that follow while they arrive promptly, as whole frames, and no other connection's call
   * is waiting for a handler; then hands the connection (and any bytes read of something else)
   * back to its I/O thread. Bounded by {@code watchNanos}, so the pipeline's idle check keeps
   * seeing reads.
   */
  private void watchForNextCalls() {
    ByteBuf rest = null;
    boolean unsupported = false;
    long end = System.nanoTime() + watchNanos;
    try (FrameWatcher.Watch watch = watcher.watch(socket.socket(), channel.alloc())) {
      while (System.nanoTime() - end < 0 && !othersWaiting()) {
        FrameWatcher.Outcome next = watch.next(limits.maxFrameBytes(), end, this::othersWaiting,
            dispatcher::hasCallsInProgress);
        if (next.frame() == null) {
          rest = next.rest();
          unsupported = next.unsupported();
          break;
        }
        ByteBuf frame = next.frame();
        boolean handled;
        try {
          handled = handleWatched(frame);
        } catch (Throwable t) {
          frame.release();
          throw t;
        }
        if (!handled) {
          rest = frame.readerIndex(0);
          break;
        }
        frame.release();
      }
    } catch (IOException | RuntimeException e) {
      // Closed or broken: the I/O thread sees the same when it reads and reports it.
      LOG.debug("Stopped watching {}: {}", channel.remoteAddress(), e.toString());
    } finally {
      handBack(rest, unsupported); // whatever happened, the I/O thread reads this connection again
    }
  }

  /** Calls of other connections wait for a handler thread or for a permit. */
  private boolean othersWaiting() {
    return dispatcher.hasQueuedCalls() || dispatcher.hasPermitWaiters();
  }

  /** Handles a watched frame here if it is a call with events and a permit is free. */
  private boolean handleWatched(ByteBuf frame) {
    Call call;
    ByteBuf payload = FrameWatcher.payload(frame);
    try {
      call = readCall(frame.getInt(0), null, new AvroReader(payload));
    } catch (RuntimeException e) {
      return false; // the pipeline decodes it again and reports the fault
    } finally {
      payload.release();
    }
    if (call.events().isEmpty() || !dispatcher.tryAcquire()) {
      return false;
    }
    invoke(call);
    return true;
  }

  /**
   * Gives the connection back to its I/O thread, with {@code rest} to decode (may be null);
   * {@code unwatchable}: do not watch it again.
   */
  private void handBack(ByteBuf rest, boolean unwatchable) {
    try {
      channel.eventLoop().execute(() -> {
        watched = false;
        watchable &= !unwatchable;
        if (!channel.isActive()) {
          if (rest != null) {
            rest.release();
          }
          return;
        }
        // Through the whole pipeline, as if the I/O thread had read it; an empty read still
        // tells the idle check that the connection was busy.
        channel.pipeline().fireChannelRead(rest != null ? rest : Unpooled.EMPTY_BUFFER);
        channel.pipeline().fireChannelReadComplete();
        if (!watched && pending.isEmpty() && !waitingForPermit) {
          channel.config().setAutoRead(true);
        }
      });
    } catch (RejectedExecutionException e) {
      if (rest != null) {
        rest.release(); // the server is stopping
      }
    }
  }

  private void pauseUntilPermit() {
    channel.config().setAutoRead(false);
    if (!waitingForPermit) {
      waitingForPermit = true;
      dispatcher.whenPermitFree(() -> channel.eventLoop().execute(this::resume));
    }
  }

  private void resume() {
    waitingForPermit = false;
    if (channel.isActive()) {
      drain();
    }
    dispatcher.passOn();
  }

  /** Runs on the handler executor while holding a permit. */
  private void invoke(Call call) {
    CompletionStage<RpcStatus> stage;
    try {
      stage = call.name().equals(CallCodec.APPEND)
          ? handler.append(call.events().get(0), channel.remoteAddress())
          : handler.appendBatch(call.events(), channel.remoteAddress());
      if (stage == null) {
        stage = CompletableFuture.failedFuture(new IllegalStateException("handler returned null"));
      }
    } catch (RuntimeException | Error e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((status, error) -> {
      dispatcher.release();
      reply(call, status, error);
    });
  }

  /** Runs on the I/O thread or, for handled calls, on the handler thread that finished them. */
  private void reply(Call call, RpcStatus status, Throwable error) {
    if (error != null) {
      LOG.warn("Handler failed {} of {} events from {}", call.name(), call.events().size(),
          channel.remoteAddress(), error);
    }
    if (!channel.isActive()) {
      return;
    }
    ByteBuf out = channel.alloc().buffer();
    AvroWriter w = new AvroWriter(out);
    if (call.handshake() != null) {
      call.handshake().write(w);
    }
    if (!call.name().equals(CallCodec.PING)) {
      if (error == null && status != null) {
        CallCodec.writeStatusReply(w, status);
      } else {
        CallCodec.writeErrorReply(w, call.name() + " failed on the server: "
            + (error == null ? "no status" : error.toString()));
      }
    }
    replies.write(call.serial(), out);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    pending.clear();
    super.channelInactive(ctx);
  }
}
