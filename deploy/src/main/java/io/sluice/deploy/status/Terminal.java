package io.sluice.deploy.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal {@code sluice top} draws on: the alternate screen with the cursor hidden, and keys
 * read one at a time without echo (through {@code stty}, when standard input is a terminal).
 * {@link #close()} puts everything back, and a shutdown hook does the same on Ctrl-C. Not
 * thread-safe apart from {@code close()}, which is idempotent.
 */
final class Terminal implements AutoCloseable {
  private static final String ENTER = "\033[?1049h\033[?25l";
  private static final String LEAVE = "\033[?25h\033[?1049l";
  private static final String HOME_AND_CLEAR = "\033[H\033[2J";

  private final PrintStream out;
  private final String savedMode;
  private final Thread restoreOnExit;
  private boolean closed;

  private Terminal(PrintStream out, String savedMode) {
    this.out = out;
    this.savedMode = savedMode;
    this.restoreOnExit = new Thread(this::restore, "sluice-top-restore");
    Runtime.getRuntime().addShutdownHook(restoreOnExit);
    out.print(ENTER);
    out.flush();
  }

  /** Takes over the terminal; keys are read unbuffered when standard input is one. */
  static Terminal open(PrintStream out) {
    String saved = System.console() == null ? null : stty("-g");
    if (saved != null && stty("-icanon -echo min 1") == null) {
      saved = null;
    }
    return new Terminal(out, saved);
  }

  /** Replaces the screen with {@code text}. */
  void draw(String text) {
    out.print(HOME_AND_CLEAR + text);
    out.flush();
  }

  /** The terminal's width in columns, or 0 when unknown. */
  static int width() {
    String cols = System.getenv("COLUMNS");
    String size = cols == null ? stty("size") : null;
    try {
      return cols != null ? Integer.parseInt(cols.trim())
          : size == null ? 0 : Integer.parseInt(size.trim().split("\\s+")[1]);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /**
   * Waits up to {@code millis} for a key; true when it was {@code q}. Polls standard input, which
   * a terminal in non-canonical mode answers key by key.
   */
  static boolean quitPressed(InputStream in, long millis) throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      while (in.available() > 0) {
        int c = in.read();
        if (c == 'q' || c == 'Q' || c < 0) {
          return true;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return false;
  }

  private synchronized void restore() {
    if (closed) {
      return;
    }
    closed = true;
    out.print(LEAVE);
    out.flush();
    if (savedMode != null) {
      stty(savedMode);
    }
  }

  @Override
  public void close() {
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(restoreOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway, and restores nothing twice
    }
  }

  /** Runs stty on the terminal that is standard input; its output, or null when it failed. */
  private static String stty(String args) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "stty " + args)
          .redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
