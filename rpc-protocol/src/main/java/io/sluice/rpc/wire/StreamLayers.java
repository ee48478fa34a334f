package io.sluice.rpc.wire;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.sluice.rpc.Compression;

/**
 * Adds the zlib layer (RFC 1950 wrapper, sync-flushed per write: byte-compatible with Flume's
 * JZlib handlers) to a pipeline. Stateless.
 */
public final class StreamLayers {
  private StreamLayers() {}

  /**
   * @param maxInflateBytes most bytes one inflate step may produce, so a zip bomb cannot grow a
   *     buffer past the frame limit
   */
  public static void addCompression(
      ChannelPipeline p, Compression compression, int level, int maxInflateBytes) {
    if (compression == Compression.DEFLATE) {
      p.addLast("inflater", new JdkZlibDecoder(ZlibWrapper.ZLIB, maxInflateBytes));
      p.addLast("deflater", new JdkZlibEncoder(ZlibWrapper.ZLIB, level));
    }
  }
}
