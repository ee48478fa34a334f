import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * What one durable append costs on this machine's disk, by how the file's space was made: appends
 * of {@code bytes} each made durable one by one (the file channel's commit at its smallest) into
 * (a) a file whose space {@code fallocate(1)} reserved (unwritten extents), (b) a file filled with
 * real zeros and synced first (what the file channel's preallocation does), (c) a file that grows
 * with each append, each with {@code write} + {@code force(false)} (fdatasync); and (d) the zeroed
 * file opened with {@code DSYNC}, one {@code write} per append and no force; (e) the zeroed file
 * with 8 bytes rewritten in its first block before each force too, as the file channel records
 * its synced offset in the segment's header (two dirty pages per sync, not one); (f) the zeroed
 * file opened with {@code O_DIRECT} and {@code DSYNC}, appends rounded up to whole 4 KiB blocks
 * (no page cache copy or writeback). Prints per append:
 * wall time (median, p99), the CPU of the calling thread, of the whole machine (from
 * {@code /proc/stat}: kernel threads such as the journal's and interrupts included) and the bytes
 * the disk wrote (from {@code /sys/block/DEV/stat}: the journal's blocks included).
 *
 * <p>Usage: {@code java bench/FdatasyncProbe.java DIR [appends] [bytes] [device]} (defaults 2000,
 * 4096, vda); DIR on the file system under test. Run while the machine is otherwise idle.
 */
public final class FdatasyncProbe {
  private static final long FILE_BYTES = 256L << 20;
  /** Appends start after a header block, as a segment's records do. */
  private static final int HEADER = 4096;
  private static final int BLOCK = 4096;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int appends = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    String device = args.length > 3 ? args[3] : "vda";
    if ((long) appends * bytes + HEADER > FILE_BYTES) {
      throw new IllegalArgumentException("appends x bytes must fit in " + FILE_BYTES + " bytes");
    }
    System.out.printf("%d appends of %d bytes in %s (%s)%n", appends, bytes, dir, device);
    System.out.println("| file | wall µs p50 | wall µs p99 | thread CPU µs | machine CPU µs"
        + " | disk KiB written |");
    System.out.println("|---|---|---|---|---|---|");
    List<String> modes =
        List.of("fallocated", "zeroed", "growing", "zeroed+DSYNC", "zeroed+header",
            "zeroed+DIRECT+DSYNC");
    for (String mode : modes) {
      Path file = dir.resolve("probe-" + mode.replace('+', '-'));
      Files.deleteIfExists(file);
      prepare(mode, file);
      measure(mode, file, appends, bytes, device);
      Files.delete(file);
    }
  }

  private static void prepare(String mode, Path file) throws Exception {
    Files.createFile(file);
    if (mode.equals("fallocated")) {
      Process p = new ProcessBuilder("fallocate", "-l", Long.toString(FILE_BYTES), file.toString())
          .inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("fallocate failed for " + file);
      }
    } else if (mode.startsWith("zeroed")) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
          ch.write(zeros.clear(), at);
        }
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true); // the preparation's data and metadata are on disk before measuring
    }
  }

  private static void measure(String mode, Path file, int appends, int bytes, String device)
      throws IOException {
    boolean dsync = mode.endsWith("DSYNC");
    boolean header = mode.endsWith("header");
    boolean direct = mode.contains("DIRECT");
    // O_DIRECT needs block-aligned buffers, lengths and offsets: each append is rounded up to
    // whole blocks, the most a direct-I/O log would write when it rewrites its partial last block.
    int stride = direct ? (bytes + BLOCK - 1) / BLOCK * BLOCK : bytes;
    ByteBuffer synced = ByteBuffer.allocateDirect(8);
    ByteBuffer record = direct
        ? ByteBuffer.allocateDirect(stride + BLOCK).alignedSlice(BLOCK)
        : ByteBuffer.allocateDirect(bytes);
    while (record.hasRemaining()) {
      record.put((byte) 'x');
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[appends];
    try (FileChannel ch = direct
        ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC,
            ExtendedOpenOption.DIRECT)
        : dsync
        ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)
        : FileChannel.open(file, StandardOpenOption.WRITE)) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long machine0 = machineCpuTicks();
      long sectors0 = sectorsWritten(device);
      for (int i = 0; i < appends; i++) {
        long t0 = System.nanoTime();
        ch.write(record.clear(), HEADER + (long) i * stride);
        if (header) {
          ch.write(synced.clear(), 16);
        }
        if (!dsync) {
          ch.force(false);
        }
        wall[i] = System.nanoTime() - t0;
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      long ticks = machineCpuTicks() - machine0;
      long sectors = sectorsWritten(device) - sectors0;
      Arrays.sort(wall);
      double hz = 100.0; // USER_HZ: /proc/stat counts in ticks of 10 ms
      System.out.printf("| %s | %.0f | %.0f | %.1f | %.1f | %.1f |%n", mode,
          wall[appends / 2] / 1e3, wall[(int) (appends * 0.99)] / 1e3, cpu / 1e3 / appends,
          ticks / hz * 1e6 / appends, sectors * 512 / 1024.0 / appends);
    }
  }

  /** Busy ticks of every CPU: user, nice, system, irq, softirq, steal (not idle or iowait). */
  private static long machineCpuTicks() throws IOException {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
        + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
  }

  private static long sectorsWritten(String device) throws IOException {
    String[] f = Files.readString(Path.of("/sys/block/" + device + "/stat")).trim().split("\\s+");
    return Long.parseLong(f[6]);
  }
}
