package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart's "application": a process that appends numbered lines
 * {@code "<prefix> <seq> <epochMillis> xxx..."} to a log file at a paced rate and rotates it,
 * alternating rename and copytruncate ({@link LogRotation}), on a schedule that its standard input
 * can change ({@link WriterCommands}). It records what it wrote in a {@link Ledger} every 500 ms,
 * after each rotation and when it stops, so the launcher can compare lines written with lines
 * landed in HDFS.
 *
 * <p>It stops when its standard input ends (its launcher stopped it, or died) or on SIGTERM; the
 * last ledger is then final ({@code closed=true}). Everything happens on the thread that calls
 * {@link #run()}; {@link #stop()} and {@link #rotateEvery} may be called from any thread.
 */
public final class LogWriter {
  private static final long TICK_MILLIS = 20;
  private static final long LEDGER_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final LogWriterConfig config;
  private final Clock clock;
  private final PrintStream log;
  private final LogRotation rotation;
  private final Queue<Duration> schedules = new ConcurrentLinkedQueue<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  LogWriter(LogWriterConfig config, Clock clock, PrintStream log) {
    this.config = config;
    this.clock = clock;
    this.log = log;
    this.rotation = new LogRotation(config.activeFile(), config.generations());
  }

  /** {@code LogWriter --dir D --prefix P --ledger L [--rate N --line-size N ...]}. */
  public static void main(String[] args) throws InterruptedException {
    LogWriterConfig config;
    try {
      config = LogWriterConfig.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("log writer: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogWriter writer = new LogWriter(config, Clock.systemUTC(), System.out);
    WriterCommands commands = new WriterCommands(System.in, writer, System.out);
    Thread hook = new Thread(() -> {
      writer.stop();
      writer.awaitFinished(Duration.ofSeconds(10));
    }, "log-writer-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    commands.start();
    try {
      writer.run();
    } catch (IOException e) {
      System.out.println(Instant.now() + " log writer failed: " + e);
      System.exit(1);
    }
  }

  /** Ends the writing loop after its current write; the ledger it saves then is final. */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Rotates at once and then every {@code every} (zero: no more rotations until told again).
   */
  public void rotateEvery(Duration every) {
    schedules.add(every);
  }

  /** Waits until the loop ended and saved its final ledger; false on timeout. */
  public boolean awaitFinished(Duration timeout) {
    try {
      return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Writes and rotates until {@link #stop()}. */
  public void run() throws IOException, InterruptedException {
    try {
      loop();
    } finally {
      finished.countDown();
    }
  }

  private void loop() throws IOException, InterruptedException {
    Files.createDirectories(config.logDir());
    Duration every = config.rotateEvery();
    log.printf("%s log writer: %d lines/s of %d bytes to %s as '%s'; rotation %s; %d old files "
        + "kept; ledger %s%n", Instant.now(), config.rate(), config.lineSize(),
        config.activeFile(), config.prefix(), describe(every), config.generations(),
        config.ledger());
    long written = 0;
    long renames = 0;
    long copytruncates = 0;
    new Ledger(config.prefix(), 0, 0, 0, false).save(config.ledger());
    FileChannel out = rotation.open();
    try {
      long start = System.nanoTime();
      long scheduleBase = 0;
      long nextRotation = nextRotation(start, every);
      long nextLedger = start + LEDGER_EVERY_NANOS;
      while (!stopRequested.await(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        long due = scheduleBase + (now - start) / 1_000_000L * config.rate() / 1000 - written;
        if (due > config.rate()) {
          // Fell behind by more than a second (the process was stopped): keep the rate.
          start = now;
          scheduleBase = written;
          due = 0;
        }
        if (due > 0) {
          write(out, written, due);
          written += due;
        }
        boolean rotated = false;
        for (Duration d = schedules.poll(); d != null; d = schedules.poll()) {
          every = d;
          nextRotation = now; // told to rotate: the first rotation is now
          log.printf("%s rotation %s%n", Instant.now(), describe(every));
        }
        if (!every.isZero() && now - nextRotation >= 0) {
          LogRotation.Kind kind = (renames + copytruncates) % 2 == 0
              ? LogRotation.Kind.RENAME : LogRotation.Kind.COPYTRUNCATE;
          out = rotation.rotate(kind, out);
          if (kind == LogRotation.Kind.RENAME) {
            renames++;
          } else {
            copytruncates++;
          }
          log.printf("%s rotated (%s) after line %d%n", Instant.now(),
              kind.name().toLowerCase(Locale.ROOT), written - 1);
          nextRotation = nextRotation(now, every);
          rotated = true;
        }
        if (rotated || now - nextLedger >= 0) {
          new Ledger(config.prefix(), written, renames, copytruncates, false)
              .save(config.ledger());
          nextLedger = now + LEDGER_EVERY_NANOS;
        }
      }
    } finally {
      out.close();
      new Ledger(config.prefix(), written, renames, copytruncates, true).save(config.ledger());
      log.printf("%s log writer stopped: %d lines written (prefix %s, sequence 0..%d), %d rename "
          + "and %d copytruncate rotations%n", Instant.now(), written, config.prefix(),
          written - 1, renames, copytruncates);
      log.flush();
    }
  }

  private static long nextRotation(long now, Duration every) {
    return now + every.toNanos();
  }

  private static String describe(Duration every) {
    return every.isZero() ? "off" : "every " + every.toMillis() + " ms, rename and copytruncate "
        + "alternately";
  }

  /** Appends lines {@code first..first+count-1} in one write. */
  private void write(FileChannel out, long first, long count) throws IOException {
    long millis = clock.millis();
    StringBuilder b = new StringBuilder((int) count * (config.lineSize() + 1));
    for (long seq = first; seq < first + count; seq++) {
      int lineStart = b.length();
      b.append(config.prefix()).append(' ').append(seq).append(' ').append(millis);
      if (b.length() - lineStart < config.lineSize()) {
        b.append(' ');
      }
      while (b.length() - lineStart < config.lineSize()) {
        b.append('x');
      }
      b.append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }
}
