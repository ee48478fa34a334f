package io.sluice.deploy.drill;

import java.io.IOException;

/** Sends a POSIX signal to a process with {@code kill -SIG PID}. Stateless. */
final class Signals {
  private Signals() {}

  /** @throws IOException naming the process when {@code kill} fails (gone, not ours) */
  static void send(String signal, long pid, String name) throws IOException, InterruptedException {
    if (pid <= 0) { // kill -SIG -1 would signal every process of this user
      throw new IOException("no process to signal for " + name + " (pid " + pid + ")");
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .redirectErrorStream(true).start();
    String output = new String(kill.getInputStream().readAllBytes()).trim();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " (" + name + ") failed"
          + (output.isEmpty() ? "" : ": " + output));
    }
  }
}
