package io.sluice.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source answers to each complete request, in steps that {@link HttpConnection} runs on
 * the I/O thread or on a handler thread: 405 for a method other than POST, 400 for a request the
 * codec or the handler cannot read, 413 or 503 for one the aggregator refused (a {@link
 * RefusedRequest}), else the handler's events go into the channels in one
 * transaction and the answer is 200 once it committed, 503 with {@code Retry-After} when a channel
 * is full (the sender retries; nothing is kept), 413 when the events are more than a channel takes
 * in one transaction, 500 when the handler or an interceptor fails. A
 * full channel is logged once when refusals start (at most every 30 s) and once when the channel
 * accepts again. Shared by all connections; thread-safe.
 */
final class RequestAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(RequestAnswers.class);
  private static final long WARN_EVERY_NANOS = 30_000_000_000L;

  private final String source;
  private final HttpSourceHandler handler;
  private final ChannelProcessor channelProcessor;
  private final HttpCounters counters;
  private final String retryAfter;
  // a failing handler or interceptor fails every request: one WARN per 30 s each, counted
  private final QuietWarnings handlerFailures = new QuietWarnings(LOG);
  private final QuietWarnings putFailures = new QuietWarnings(LOG);
  private final QuietWarnings oversized = new QuietWarnings(LOG);
  /** Requests refused since the channel last accepted one; 0 outside a channel-full episode. */
  private final AtomicLong fullEpisode = new AtomicLong();
  /** When the last channel-full warning was logged (nanoTime), 0 before the first. */
  private final AtomicLong lastWarn = new AtomicLong();
  private volatile boolean warned;

  /** A response and whether the connection closes after it. */
  record Answer(FullHttpResponse response, boolean close) {}

  /** What an answer needs of its request, kept so the request itself can be released early. */
  record Head(HttpVersion version, boolean keepAlive) {
    static Head of(FullHttpRequest request) {
      return new Head(request.protocolVersion().equals(HttpVersion.HTTP_1_0)
          ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
          request.decoderResult().isSuccess() && HttpUtil.isKeepAlive(request));
    }
  }

  /** The handler refused the request; {@link #answer} is the 400 or 500 to send. */
  static final class Refused extends Exception {
    final transient Answer answer;

    Refused(Answer answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }

  RequestAnswers(String source, HttpSourceHandler handler, ChannelProcessor channelProcessor,
      HttpCounters counters, int retryAfterSeconds) {
    this.source = source;
    this.handler = handler;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.retryAfter = Integer.toString(retryAfterSeconds);
  }

  /** Whether the handler may run on an I/O thread ({@link HttpSourceHandler#nonBlocking()}). */
  boolean parsesOnIoThread() {
    return handler.nonBlocking();
  }

  /** The whole request on a thread that may wait: screen, events, commit. */
  Answer answer(FullHttpRequest request, Channel connection) {
    SocketAddress peer = connection.remoteAddress();
    Answer early = screen(request, peer);
    if (early != null) {
      return early;
    }
    Head head = Head.of(request);
    try {
      return commit(head, events(request, head, connection), peer);
    } catch (Refused r) {
      return r.answer;
    }
  }

  /**
   * The answer to a request no handler sees (unreadable: 4xx, and the connection closes; refused
   * by the aggregator: 413 or 503; not a POST: 405), or null for a POST the handler reads.
   */
  Answer screen(FullHttpRequest request, SocketAddress peer) {
    Head head = Head.of(request);
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      counters.readFailed();
      Throwable cause = decoded.cause();
      HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
          ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
          : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
          : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
          : HttpResponseStatus.BAD_REQUEST;
      LOG.debug("HTTP source {}: unreadable request from {}: {}", source, peer,
          String.valueOf(cause));
      // the decoder discards everything after a bad message, so the connection cannot go on
      return answer(head, status, "bad request: " + cause.getMessage(), true);
    }
    if (request instanceof RefusedRequest refused) { // counted and logged by the aggregator
      Answer a = answer(head, refused.status(), refused.reason(), refused.closes());
      if (refused.retryAfter() != null) {
        a.response().headers().set(HttpHeaderNames.RETRY_AFTER, refused.retryAfter());
      }
      return a;
    }
    // a servlet serves HEAD as a GET whose answer has no body (Netty's encoder drops it)
    boolean get = HttpMethod.GET.equals(request.method())
        || HttpMethod.HEAD.equals(request.method());
    if (!HttpMethod.POST.equals(request.method()) && !(get && handler.takesGet())) {
      counters.methodNotAllowed();
      String allowed = handler.takesGet() ? "GET, HEAD, POST" : "POST";
      Answer a = answer(head, HttpResponseStatus.METHOD_NOT_ALLOWED, "only " + allowed
          + " accepted", false);
      a.response().headers().set(HttpHeaderNames.ALLOW, allowed);
      return a;
    }
    return null;
  }

  /** The handler's events for a POST that passed {@link #screen}; counted as received. */
  List<Event> events(FullHttpRequest request, Head head, Channel connection) throws Refused {
    SocketAddress peer = connection.remoteAddress();
    List<Event> events;
    try {
      events = handler.getEvents(new NettySourceRequest(request, connection));
    } catch (HttpBadRequestException e) {
      counters.readFailed();
      LOG.debug("HTTP source {}: bad request from {}: {}", source, peer, e.getMessage());
      throw new Refused(answer(head, HttpResponseStatus.BAD_REQUEST,
          e.getMessage() == null ? "bad request" : e.getMessage(), false));
    } catch (Exception | LinkageError e) {
      counters.readFailed(); // as Flume counts a handler's failure
      handlerFailures.warn("HTTP source {}: handler failed on a request from {}", source, peer, e);
      throw new Refused(answer(head, HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "handler failed: " + e, false));
    }
    List<Event> out = events == null ? List.of() : events;
    counters.received(out.size());
    return out;
  }

  /**
   * Commits the events if nothing on the way can wait ({@link
   * ChannelProcessor#tryProcessEventBatchNow}): the answer, or null when it declined having
   * committed nothing, for {@link #commit} on a thread that may wait.
   */
  Answer commitNow(Head head, List<Event> events, SocketAddress peer) {
    return put(head, events, peer, () -> channelProcessor.tryProcessEventBatchNow(events));
  }

  /** Commits the events, waiting for room as long as the channel does: 200, 503 or 500. */
  Answer commit(Head head, List<Event> events, SocketAddress peer) {
    return put(head, events, peer, () -> {
      channelProcessor.processEventBatch(events);
      return true;
    });
  }

  private Answer put(Head head, List<Event> events, SocketAddress peer, Put put) {
    int n = events.size();
    try {
      if (n > 0 && !put.run()) {
        return null;
      }
    } catch (OversizedBatchException e) {
      // no wait makes it fit: 413 tells the client to split it, where a 503 has it resent forever
      counters.channelFull();
      oversized.warn("HTTP source {}: a request of {} events from {} is more than the channels take"
          + " in one transaction; answered 413: {}", source, n, peer, e.getMessage());
      return answer(head, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "too large for one channel transaction: " + e.getMessage(), false);
    } catch (ChannelException e) {
      counters.channelFull();
      fullEpisode.incrementAndGet();
      long now = System.nanoTime();
      long last = lastWarn.get();
      if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastWarn.compareAndSet(last, now)) {
        warned = true;
        LOG.warn("HTTP source {}: the channel refused a request ({}); answering 503 with"
            + " Retry-After {} s until it accepts again", source, e.getMessage(), retryAfter);
      }
      Answer a = answer(head, HttpResponseStatus.SERVICE_UNAVAILABLE,
          (e instanceof ChannelFullException ? "channel full: " : "channel error: ")
              + e.getMessage(), false);
      a.response().headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
      return a;
    } catch (RuntimeException e) {
      counters.failed();
      putFailures.warn("HTTP source {}: putting {} events from {} into the channels failed",
          source, n, peer, e);
      return answer(head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "failed: " + e, false);
    }
    counters.accepted(n);
    long refused = fullEpisode.getAndSet(0);
    if (refused > 0 && warned) {
      warned = false;
      LOG.info("HTTP source {}: the channel accepts again after refusing {} requests", source,
          refused);
    }
    return answer(head, HttpResponseStatus.OK, "", false);
  }

  /** A 500 for a request whose processing failed outside the steps above. */
  Answer failed(Head head, Throwable e) {
    counters.failed();
    LOG.warn("HTTP source {}: answering a request failed", source, e);
    return answer(head, HttpResponseStatus.INTERNAL_SERVER_ERROR, "failed: " + e, false);
  }

  private static Answer answer(Head head, HttpResponseStatus status, String message,
      boolean close) {
    ByteBuf body = message == null || message.isEmpty() ? Unpooled.EMPTY_BUFFER
        : Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(head.version(), status, body);
    if (body.isReadable()) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    boolean keepAlive = !close && head.keepAlive();
    if (keepAlive) {
      if (head.version().equals(HttpVersion.HTTP_1_0)) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return new Answer(r, !keepAlive);
  }

  /** One put attempt: true when committed, false when it declined without putting anything. */
  @FunctionalInterface
  private interface Put {
    boolean run();
  }
}
