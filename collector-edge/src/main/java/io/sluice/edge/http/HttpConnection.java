package io.sluice.edge.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.sluice.api.Event;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.edge.http.RequestAnswers.Answer;
import io.sluice.edge.http.RequestAnswers.Head;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, on its I/O thread. A request that cannot wait is answered right
 * there: an unreadable one or a method other than POST, and, when the handler is {@linkplain
 * HttpSourceHandler#nonBlocking() non-blocking}, a POST whose events the channels commit without
 * waiting ({@link RequestAnswers#commitNow}: e.g. a memory channel with room and non-blocking
 * interceptors), which saves two thread hops per request. Everything else goes to a free one of
 * the source's {@code http-handler} threads, where the commit may wait: already parsed events when
 * only the commit declined, else the whole request. A connection has at most one request on a
 * handler thread at a time; while it has one, its later requests wait behind it (not tried here),
 * so a request never overtakes an earlier one of its connection and answers go out in request
 * order, while a slow commit holds up only its own connection. A request whose peer has gone by
 * the time a thread takes it is not committed. Every answer is written from the I/O thread.
 *
 * <p>The connection is not read while a request of it is with a handler thread, nor while its
 * answers wait unsent past Netty's write buffer high-water mark (a peer that does not read them):
 * a pipelining or non-reading peer then fills its own socket buffers and waits, instead of having
 * its requests or answers pile up in the agent's memory. What one read already brought in is
 * still decoded and queued behind the waiting request. One instance per connection; its fields are
 * touched only on its event loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);

  private final String source;
  private final RequestAnswers answers;
  private final Executor handlerThreads;
  private int withHandlerThread; // requests handed over and not answered yet
  /** Handed over behind the one a handler thread has now, in request order. */
  private final ArrayDeque<Handover> waitingForThread = new ArrayDeque<>();
  private boolean onHandlerThread; // one of this connection's requests is on a handler thread
  private boolean closing; // an answer that closes the connection went out: read nothing more

  HttpConnection(String source, RequestAnswers answers, Executor handlerThreads) {
    this.source = source;
    this.answers = answers;
    this.handlerThreads = handlerThreads;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (closing || !ctx.channel().isActive()) {
      // after an answer that closes the connection, or decoded from a read the connection's
      // close overtook: no answer could reach the client, so nothing is committed
      ReferenceCountUtil.release(request);
      return;
    }
    try {
      if (withHandlerThread == 0 && answeredNow(ctx, request)) {
        return;
      }
      request.retain();
      Head head = Head.of(request);
      handOver(ctx, head, () -> {
        try {
          return answers.answer(request, ctx.channel());
        } finally {
          request.release();
        }
      }, request::release);
    } finally {
      ReferenceCountUtil.release(request);
    }
  }

  /** Tries the request on this I/O thread; true when it was answered or handed over parsed. */
  private boolean answeredNow(ChannelHandlerContext ctx, FullHttpRequest request) {
    SocketAddress peer = ctx.channel().remoteAddress();
    Answer early = answers.screen(request, peer);
    if (early != null) {
      send(ctx, early);
      return true;
    }
    if (!answers.parsesOnIoThread()) {
      return false;
    }
    Head head = Head.of(request);
    List<Event> events;
    try {
      events = answers.events(request, head, ctx.channel());
    } catch (RequestAnswers.Refused r) {
      send(ctx, r.answer);
      return true;
    }
    Answer now = answers.commitNow(head, events, peer);
    if (now != null) {
      send(ctx, now);
    } else {
      handOver(ctx, head, () -> answers.commit(head, events, peer), () -> {});
    }
    return true;
  }

  /**
   * Runs {@code work} on a free handler thread, after the connection's requests handed over before
   * it, and sends its answer from this I/O thread; {@code abandon} runs instead when the handler
   * threads are shutting down, or when the peer has gone by the time a thread takes the request
   * (it has no answer to wait for, so nothing is committed that it would send again).
   */
  private void handOver(ChannelHandlerContext ctx, Head head, Supplier<Answer> work,
      Runnable abandon) {
    withHandlerThread++;
    readOnlyWhenFree(ctx);
    Handover h = new Handover(() -> run(ctx, head, work, abandon), abandon);
    if (onHandlerThread) {
      waitingForThread.addLast(h);
    } else {
      dispatch(ctx, h);
    }
  }

  /** A request's work for a handler thread, and what releases it if no thread will take it. */
  private record Handover(Runnable task, Runnable abandon) {}

  private void dispatch(ChannelHandlerContext ctx, Handover h) {
    onHandlerThread = true;
    try {
      handlerThreads.execute(h.task());
    } catch (RejectedExecutionException stopping) {
      onHandlerThread = false;
      withHandlerThread--;
      h.abandon().run();
      abandonWaiting();
      LOG.debug("HTTP source {} stopping: closing {} without answering", source,
          ctx.channel().remoteAddress());
      ctx.close();
    }
  }

  /** On a handler thread: the answer, then back to the I/O thread to send it. */
  private void run(ChannelHandlerContext ctx, Head head, Supplier<Answer> work, Runnable abandon) {
    Answer a;
    if (!ctx.channel().isActive()) {
      abandon.run();
      LOG.debug("HTTP source {}: {} went away before its request was committed; not committed",
          source, ctx.channel().remoteAddress());
      a = null;
    } else {
      try {
        a = work.get();
      } catch (RuntimeException | Error e) {
        a = answers.failed(head, e);
      }
    }
    Answer answer = a;
    try {
      ctx.executor().execute(() -> answered(ctx, answer));
    } catch (RejectedExecutionException stopping) {
      if (answer != null) {
        answer.response().release();
      }
    }
  }

  /** On the I/O thread: sends the answer and hands over the next waiting request. */
  private void answered(ChannelHandlerContext ctx, Answer answer) {
    withHandlerThread--;
    onHandlerThread = false;
    if (answer != null) {
      send(ctx, answer);
    }
    if (closing) {
      abandonWaiting();
    } else {
      Handover next = waitingForThread.pollFirst();
      if (next != null) {
        dispatch(ctx, next);
      }
    }
    readOnlyWhenFree(ctx);
  }

  /** Releases the requests still waiting for a handler thread; they get no answer. */
  private void abandonWaiting() {
    for (Handover h; (h = waitingForThread.pollFirst()) != null; ) {
      withHandlerThread--;
      h.abandon().run();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    int waiting = waitingForThread.size();
    abandonWaiting(); // the peer is gone: nothing to answer, nothing to commit
    if (waiting > 0) {
      LOG.debug("HTTP source {}: {} went away with {} request(s) waiting for a handler thread;"
          + " not committed", source, ctx.channel().remoteAddress(), waiting);
    }
    ctx.fireChannelInactive();
  }

  /**
   * Reads the connection only while none of its requests is with the handler thread and its
   * answers are not piling up unsent, and never after an answer that closes it.
   */
  private void readOnlyWhenFree(ChannelHandlerContext ctx) {
    boolean read = withHandlerThread == 0 && ctx.channel().isWritable() && !closing;
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read); // turning it on also asks for the next read
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    readOnlyWhenFree(ctx);
    ctx.fireChannelWritabilityChanged();
  }

  private void send(ChannelHandlerContext ctx, Answer answer) {
    if (answer.close()) {
      closing = true;
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(answer.response()).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(answer.response());
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP source {}: connection from {} failed: {}", source,
        ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
