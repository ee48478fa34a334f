package io.sluice.testpeers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A peer's sending on its own named thread while the test watches the server: a flood that never
 * reads, or a slow-loris trickle. It ends when the server closes the connection (the write
 * fails), at its own limit, or when the test closes the socket, which stays the test's.
 */
public final class PeerSender {
  private final Socket socket;
  private final AtomicLong sent = new AtomicLong();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  private PeerSender(Socket socket) {
    this.socket = socket;
  }

  /** Writes {@code chunk} again and again, reading nothing, until the server closes. */
  public static PeerSender flood(Socket s, byte[] chunk) {
    PeerSender sender = new PeerSender(s);
    sender.start("flood", out -> {
      while (true) {
        out.write(chunk);
        sender.sent.addAndGet(chunk.length);
      }
    });
    return sender;
  }

  /**
   * Writes one zero byte every {@code pace}, at most {@code maxBytes} of them: a peer that is
   * never idle for long yet never completes a message.
   */
  public static PeerSender trickle(Socket s, Duration pace, int maxBytes) {
    PeerSender sender = new PeerSender(s);
    sender.start("trickle", out -> {
      for (int i = 0; i < maxBytes && !s.isClosed(); i++) {
        out.write(0);
        out.flush();
        sender.sent.incrementAndGet();
        Thread.sleep(pace.toMillis()); // the attack's pace, not a wait for the server
      }
    });
    return sender;
  }

  private interface Sending {
    void run(OutputStream out) throws IOException, InterruptedException;
  }

  private void start(String what, Sending sending) {
    Thread t = new Thread(() -> {
      try {
        sending.run(socket.getOutputStream());
      } catch (IOException | InterruptedException closed) {
        // the server closed the connection (or the test did): what the test waits for
      } finally {
        done.complete(null);
      }
    }, what + "-" + HostilePeers.name(socket));
    t.setDaemon(true);
    t.start();
  }

  /** Bytes written so far. */
  public long sent() {
    return sent.get();
  }

  /** True once the sending has ended. */
  public boolean isDone() {
    return done.isDone();
  }
}
