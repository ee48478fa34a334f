package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.ssl.NotSslRecordException;
import io.sluice.rpc.wire.PeerViolationException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a server connection: turns the first failure into one log line naming the peer
 * and what it did (through the server's {@link WarnThrottle} for peer faults), then closes the
 * connection; later failures of the same connection are not logged again. One instance per
 * connection, used on its event loop only.
 */
final class PeerFaultLogger extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PeerFaultLogger.class);
  private final WarnThrottle warnings;
  private boolean reported;

  PeerFaultLogger(WarnThrottle warnings) {
    this.warnings = warnings;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!reported) {
      reported = true;
      log(ctx.channel().remoteAddress(), unwrap(cause));
    }
    ctx.close();
  }

  private void log(Object peer, Throwable cause) {
    if (cause instanceof PeerViolationException) {
      warnings.warn("Closed connection from {}: peer {}", peer, cause.getMessage());
    } else if (cause instanceof NotSslRecordException) {
      warnings.warn("Closed connection from {}: peer sent non-TLS data to a TLS port", peer);
    } else if (cause instanceof SSLException) {
      warnings.warn("Closed connection from {}: TLS failed: {}", peer, cause.getMessage());
    } else if (cause instanceof DecompressionException) {
      warnings.warn("Closed connection from {}: peer sent data that is not a zlib stream "
          + "(compression-type mismatch?): {}", peer, cause.getMessage());
    } else if (cause instanceof IOException) {
      LOG.debug("Connection from {} lost: {}", peer, cause.toString());
    } else {
      warnings.warn("Closed connection from {}: unexpected error", peer, cause);
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    // Netty wraps handler failures in a plain DecoderException; its subclasses say what happened.
    while (c.getClass() == DecoderException.class && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
