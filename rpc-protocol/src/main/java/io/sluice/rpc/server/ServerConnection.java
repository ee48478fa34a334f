package io.sluice.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import io.sluice.rpc.wire.PeerViolationException;
import io.sluice.rpc.wire.WireLimits;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One server connection: decodes each frame (handshake, then calls) on the I/O thread and offers
 * each call to the handler right there ({@link BatchHandler#appendBatchNow}); a call the handler
 * declines is queued and run through the {@link CallDispatcher}, and while no permit is free the
 * connection stops reading (through its {@link ReadGate}). A call that waits (queued or with the
 * pool) is charged to the server's {@link MemoryBudget} until it is answered; one that would take
 * the budget over its limit is answered {@code FAILED} at once, so its sender retries later and
 * the server holds nothing for it. While any call of the connection is
 * with the pool, the calls after it queue behind it rather than being offered, and they go to the
 * pool one at a time, so a call never overtakes an earlier one of its connection: calls are
 * handled, committed and answered in the order they were sent. Replies go out with {@code writeAndFlush}, matched
 * by serial, always from the connection's event loop (a handled call's completion is passed to
 * it), so only that loop ever touches the socket; the pipeline's flush consolidation sends those
 * written during a read turn together at its end. A reply the socket cannot take at once waits in
 * the connection's outbound buffer and is charged to the server's {@link MemoryBudget} until
 * written. One instance per connection; its fields are touched only on the connection's event
 * loop (those set in {@link #handlerAdded} before any call runs).
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
  /** Frame header plus Netty's own estimate of an outbound-buffer entry's cost. */
  private static final int REPLY_OVERHEAD = 12 + 96;
  /** Flume's protocol text is about 2 KiB; a larger one is parsed on the I/O thread for nothing. */
  private static final int MAX_PROTOCOL_BYTES = 64 << 10;
  /**
   * Frames (calls, pings) one connection may have answered in one read turn before it stops
   * reading until the I/O thread's other connections had their turn: one peer pipelining small
   * calls must not hold the thread for a whole turn of them (16 reads of 64 KiB, thousands of
   * calls). A batch of any size is one frame, and a sender waiting for each reply sends one per
   * turn, so Flume's sinks never reach it.
   */
  static final int CALLS_PER_TURN = 64;

  private final BatchHandler handler;
  private final CallDispatcher dispatcher;
  private final HandshakeResponder handshakes;
  private final WireLimits limits;
  private final ReadGate gate;
  private final MemoryBudget budget;
  private final PartialFrameBudget partialFrame;
  private final WarnThrottle warnings;
  private final Queue<Call> pending = new ArrayDeque<>();
  private boolean handshaken;
  private boolean waitingForPermit;
  private int withPool; // calls handed to the dispatcher and not answered yet
  private int callsThisTurn;
  private boolean yielding;
  private ChannelHandlerContext ctx;
  private Channel channel;

  /** @param held bytes charged to the budget for this call until it is answered */
  private record Call(int serial, HandshakeResponse handshake, String name, List<Event> events,
      long held) {
    Call holding(long bytes) {
      return new Call(serial, handshake, name, events, bytes);
    }
  }

  ServerConnection(BatchHandler handler, CallDispatcher dispatcher, HandshakeResponder handshakes,
      WireLimits limits, ReadGate gate, MemoryBudget budget, PartialFrameBudget partialFrame,
      WarnThrottle warnings) {
    this.handler = handler;
    this.dispatcher = dispatcher;
    this.handshakes = handshakes;
    this.limits = limits;
    this.gate = gate;
    this.budget = budget;
    this.partialFrame = partialFrame;
    this.warnings = warnings;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    channel = ctx.channel();
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
    if (++callsThisTurn == CALLS_PER_TURN) {
      yieldTurn();
    }
    AvroReader in = new AvroReader(frame.payload());
    HandshakeResponse handshake = null;
    if (!handshaken) {
      handshake = handshakes.respond(HandshakeRequest.read(in, MAX_PROTOCOL_BYTES));
      if (handshake.match() == HandshakeMatch.NONE) {
        reply(new Call(frame.serial(), handshake, CallCodec.PING, List.of(), 0), null, null);
        return;
      }
      handshaken = true;
    }
    Call call = readCall(frame.serial(), handshake, in);
    if (call.events().isEmpty()) {
      reply(call, RpcStatus.OK, null); // a ping or an empty batch: nothing to hand over
      return;
    }
    if (pending.isEmpty() && withPool == 0 && handledNow(call)) {
      return;
    }
    long held = DecodedCallBytes.of(call.events());
    partialFrame.settle(); // the frame's wire bytes are not held any more
    if (!partialFrame.take(held)) {
      warnings.warn("Answered FAILED to {} of {} events from {}: {} more bytes of decoded events "
          + "would take the server's buffered bytes over {} (maxBufferedBytes)", call.name(),
          call.events().size(), channel.remoteAddress(), held, budget.limit());
      reply(call, RpcStatus.FAILED, null);
      return;
    }
    pending.add(call.holding(held));
    drain();
  }

  /** Offers the call to the handler on this I/O thread; true if it was answered. */
  private boolean handledNow(Call call) {
    Optional<RpcStatus> now;
    try {
      now = isAppend(call)
          ? handler.appendNow(call.events().get(0), channel.remoteAddress())
          : handler.appendBatchNow(call.events(), channel.remoteAddress());
      if (now == null) {
        throw new IllegalStateException("handler returned null");
      }
    } catch (RuntimeException | Error e) {
      reply(call, null, e);
      return true;
    }
    now.ifPresent(status -> reply(call, status, null));
    return now.isPresent();
  }

  /**
   * Stops reading after this buffer (the frames already in it are still answered) and resumes
   * from a scheduled task, which the event loop takes up only after its next I/O phase, where the
   * other connections are read. A plain task could run in this very task phase, and with epoll's
   * edge-triggered reads (continued from tasks) this connection would read again at once.
   */
  private void yieldTurn() {
    if (yielding) {
      return;
    }
    yielding = true;
    gate.pause(ReadGate.FAIR_SHARE);
    channel.eventLoop().schedule(() -> {
      yielding = false;
      callsThisTurn = 0;
      gate.resume(ReadGate.FAIR_SHARE);
    }, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!yielding) {
      callsThisTurn = 0;
    }
    ctx.fireChannelReadComplete();
  }

  private Call readCall(int serial, HandshakeResponse handshake, AvroReader in) {
    String name = CallCodec.readCallHeader(in);
    List<Event> events = switch (name) {
      case CallCodec.APPEND -> List.of(EventCodec.readEvent(in, limits));
      case CallCodec.APPEND_BATCH -> EventCodec.readEvents(in, limits);
      case CallCodec.PING -> List.of();
      default -> throw new PeerViolationException(
          "called unknown message '" + printable(name) + "'");
    };
    return new Call(serial, handshake, name, events, 0);
  }

  /**
   * Hands the oldest queued call to the pool once the connection has none there: one at a time,
   * so a connection's calls are handled, committed and answered in the order they were sent (two
   * pooled calls of one connection could otherwise finish, and be answered, the other way round).
   */
  private void drain() {
    while (!pending.isEmpty() && withPool == 0) {
      if (!dispatcher.tryAcquire()) {
        pauseUntilPermit();
        return;
      }
      Call call = pending.poll();
      withPool++;
      dispatcher.execute(() -> invoke(call));
    }
    gate.resume(ReadGate.NO_PERMIT);
  }

  private void pauseUntilPermit() {
    gate.pause(ReadGate.NO_PERMIT);
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
      stage = isAppend(call)
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
      channel.eventLoop().execute(() -> {
        withPool--;
        reply(call, status, error);
        if (channel.isActive()) {
          drain(); // the next queued call of this connection, if any
        }
      });
    });
  }

  /** A peer's text as it may appear in a log line: no line breaks or other control codes. */
  private static String printable(String s) {
    return s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static boolean isAppend(Call call) {
    return call.name().equals(CallCodec.APPEND);
  }

  /** Runs on the connection's event loop: the one place a reply is encoded and written. */
  private void reply(Call call, RpcStatus status, Throwable error) {
    if (call.held() > 0) {
      budget.give(call.held());
    }
    if (error != null) {
      warnings.warn("Handler failed {} of {} events from {}", call.name(), call.events().size(),
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
        // the detail (logged above) may name files, hosts or classes: not for the peer
        CallCodec.writeErrorReply(w, call.name() + " failed on the server (see its log)");
      }
    }
    long bytes = REPLY_OVERHEAD + out.readableBytes();
    // a failed write closes nothing here: reads do
    ChannelFuture written = ctx.writeAndFlush(new Frame(call.serial(), out));
    if (!written.isDone()) { // queued behind replies the peer has not read yet
      if (budget.tryTake(bytes)) {
        written.addListener(f -> budget.give(bytes));
      } else {
        ctx.fireExceptionCaught(budget.exceeded(bytes));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (Call call = pending.poll(); call != null; call = pending.poll()) {
      budget.give(call.held());
    }
    super.channelInactive(ctx);
  }
}
