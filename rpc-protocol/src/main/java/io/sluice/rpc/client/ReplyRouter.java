package io.sluice.rpc.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.sluice.rpc.wire.Frame;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches reply frames to waiting calls by serial. A completed future hands its payload to the
 * caller, who must release it; a reply nobody waits for any more is released here. When the
 * connection fails or closes, every waiting call fails. Thread-safe.
 */
final class ReplyRouter extends ChannelInboundHandlerAdapter {
  private final Map<Integer, CompletableFuture<ByteBuf>> waiting = new ConcurrentHashMap<>();
  private final String peer;
  private volatile Throwable failure;

  ReplyRouter(String peer) {
    this.peer = peer;
  }

  /** Registers a call before it is written. */
  CompletableFuture<ByteBuf> expect(int serial) {
    CompletableFuture<ByteBuf> f = new CompletableFuture<>();
    waiting.put(serial, f);
    Throwable failed = failure;
    if (failed != null) {
      fail(serial, failed); // the connection died before we registered
    }
    return f;
  }

  void fail(int serial, Throwable cause) {
    CompletableFuture<ByteBuf> f = waiting.remove(serial);
    if (f != null) {
      f.completeExceptionally(cause);
    }
  }

  /** Stops waiting for a call; a reply that already arrived is released. */
  void abandon(int serial, CompletableFuture<ByteBuf> f) {
    waiting.remove(serial);
    if (!f.completeExceptionally(new IOException("abandoned")) && !f.isCompletedExceptionally()) {
      f.join().release();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Frame frame = (Frame) msg;
    CompletableFuture<ByteBuf> f = waiting.remove(frame.serial());
    if (f == null || !f.complete(frame.payload())) {
      frame.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failAll(new IOException("connection to " + peer + " closed"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null
        ? cause.getCause() : cause;
    failAll(c);
    ctx.close();
  }

  private void failAll(Throwable cause) {
    if (failure == null) {
      failure = cause;
    }
    for (Integer serial : waiting.keySet()) {
      fail(serial, failure);
    }
  }
}
