package io.sluice.core.source;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one netcat client on its own thread: each line becomes one event put through the channel
 * processor; with acks on, "OK\n" is written after the put committed, "FAILED: reason\n" when the
 * channel refused it (the line is then lost unless the client resends it). Ends when the client
 * disconnects or the source closes the socket.
 */
final class NetcatConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatConnection.class);
  private static final byte[] OK = "OK\n".getBytes(StandardCharsets.US_ASCII);

  private final String source;
  private final Socket socket;
  private final NetcatSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final SourceCounters counters;
  private final Runnable onClose;

  NetcatConnection(String source, Socket socket, NetcatSourceConfig config, ChannelProcessor channelProcessor,
      SourceCounters counters, Runnable onClose) {
    this.source = source;
    this.socket = socket;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    String peer = String.valueOf(socket.getRemoteSocketAddress());
    try (socket) {
      LineReader reader = new LineReader(new BufferedInputStream(socket.getInputStream()), config.maxLineLength());
      OutputStream out = socket.getOutputStream();
      LineReader.Line line;
      boolean warnedTruncation = false;
      while ((line = reader.next()) != null) {
        if (line.truncated() && !warnedTruncation) {
          LOG.warn("Source {}: client {} sent a line longer than max-line-length ({} bytes); truncated"
              + " (further truncations on this connection are logged at DEBUG)", source, peer, config.maxLineLength());
          warnedTruncation = true;
        } else if (line.truncated()) {
          LOG.debug("Source {}: truncated another line from {}", source, peer);
        }
        byte[] reply = put(line.bytes(), peer);
        if (config.ackEveryEvent()) {
          out.write(reply);
          out.flush();
        }
      }
    } catch (IOException e) {
      if (!socket.isClosed()) {
        LOG.warn("Source {}: connection from {} failed: {}", source, peer, e.toString());
      } else {
        LOG.debug("Source {}: connection from {} closed", source, peer);
      }
    } finally {
      onClose.run();
    }
  }

  private byte[] put(byte[] body, String peer) {
    counters.received(1);
    try {
      channelProcessor.processEvent(Event.of(body));
      counters.accepted(1);
      return OK;
    } catch (ChannelException e) {
      LOG.warn("Source {}: channel refused an event from {}: {}", source, peer, e.getMessage());
      String reason = String.valueOf(e.getMessage()).replace('\n', ' ');
      return ("FAILED: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }
}
