package io.sluice.core.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs mounted for a test that needs a really full disk; needs root, else says no. */
public final class Tmpfs {
  private Tmpfs() {}

  /** Mounts a tmpfs of {@code size} (as mount takes it: "4m") on {@code dir}; false if not allowed. */
  public static boolean mount(Path dir, String size) {
    return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
  }

  public static void unmount(Path dir) {
    run("umount", dir.toString());
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
