package io.sluice.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.sluice.rpc.wire.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one connection's replies. With a {@link DirectWrite} socket (plain connections: no TLS,
 * no zlib) the calling thread writes the framed reply itself, so the handler thread that finished
 * a call does not have to wake the connection's I/O thread to send its answer: one thread wake-up
 * less per call. If the socket takes only part of a reply (a peer slow to read), the rest and
 * every later reply go through the pipeline on the I/O thread, in order, until all of those are
 * written. Without one, every reply goes through the pipeline. Thread-safe.
 */
final class ReplyWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);
  private final Channel channel;
  private final DirectWrite direct;
  // Guarded by this. While pipeline writes are queued or in flight, later replies must follow
  // them through the pipeline; once they are all written, replies go direct again.
  private int pipelineWrites;

  /**
   * @param direct the connection's socket, or null to write every reply through the pipeline
   */
  ReplyWriter(Channel channel, DirectWrite direct) {
    this.channel = channel;
    this.direct = direct;
  }

  /** Writes a reply frame; takes ownership of {@code payload}. */
  void write(int serial, ByteBuf payload) {
    if (direct == null) {
      channel.writeAndFlush(new Frame(serial, payload));
      return;
    }
    ByteBuf framed = frame(serial, payload);
    synchronized (this) {
      if (pipelineWrites == 0) {
        ByteBuffer bytes = framed.nioBuffer();
        try {
          direct.writeNow(bytes);
        } catch (IOException | RuntimeException e) {
          framed.release();
          LOG.debug("Reply {} to {} not written, closing: {}", serial, channel.remoteAddress(),
              e.toString());
          channel.close();
          return;
        }
        if (!bytes.hasRemaining()) {
          framed.release();
          return;
        }
        framed.skipBytes(framed.readableBytes() - bytes.remaining());
        LOG.debug("{} is slow to read its replies; its I/O thread writes them until it catches up",
            channel.remoteAddress());
      }
      pipelineWrites++;
      // A task even on the I/O thread, so pipeline writes leave in the order they got here.
      try {
        channel.eventLoop().execute(() -> channel.writeAndFlush(framed)
            .addListener(done -> pipelineWriteDone()));
      } catch (RejectedExecutionException e) {
        pipelineWrites--;
        framed.release(); // the server is stopping, and this connection with it
      }
    }
  }

  private synchronized void pipelineWriteDone() {
    pipelineWrites--;
  }

  /** Replies written through the pipeline and not yet on the socket (for tests). */
  synchronized int pipelineWrites() {
    return pipelineWrites;
  }

  /** The frame as one buffer: serial, buffer count, then the payload length-prefixed. */
  private ByteBuf frame(int serial, ByteBuf payload) {
    try {
      int length = payload.readableBytes();
      if (length == 0) {
        return channel.alloc().directBuffer(8).writeInt(serial).writeInt(0);
      }
      return channel.alloc().directBuffer(12 + length).writeInt(serial).writeInt(1)
          .writeInt(length).writeBytes(payload);
    } finally {
      payload.release();
    }
  }
}
