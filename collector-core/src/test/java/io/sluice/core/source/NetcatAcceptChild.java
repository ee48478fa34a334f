package io.sluice.core.source;

import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link NetcatAcceptFailureTest}, run under a small {@code ulimit -n}: starts a
 * netcat source, then on "FILL" opens files until the process has no descriptor left (so accepting
 * fails with EMFILE), on "RELEASE" closes them. Prints "PORT n", "FULL", "RELEASED" and "EVENT
 * body" for each line received.
 */
public final class NetcatAcceptChild {
  private NetcatAcceptChild() {}

  public static void main(String[] args) throws Exception {
    TestQueueChannel channel = new TestQueueChannel("c1", 1000);
    NetcatSource source = NetcatSources.start(Map.of("ack-every-event", "true"),
        new TestChannelProcessor(channel), new MetricsRegistry());
    warmUp(source.boundPort(), channel);
    Thread events = new Thread(() -> printEvents(channel), "child-events");
    events.setDaemon(true);
    events.start();
    System.out.println("PORT " + source.boundPort());
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    List<FileInputStream> hoard = new ArrayList<>();
    String command;
    while ((command = commands.readLine()) != null) {
      if (command.equals("FILL")) {
        try {
          while (true) {
            hoard.add(new FileInputStream("/dev/null"));
          }
        } catch (IOException noneLeft) {
          System.out.println("FULL " + hoard.size());
        }
      } else if (command.equals("RELEASE")) {
        for (FileInputStream f : hoard) {
          f.close();
        }
        hoard.clear();
        System.out.println("RELEASED");
      }
    }
    source.stop();
  }

  /** One line through the source first, so the classes on that path are loaded before the fill. */
  private static void warmUp(int port, TestQueueChannel channel) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write("warm-up\n".getBytes(StandardCharsets.UTF_8));
      s.getInputStream().read();
    }
    channel.drain();
  }

  private static void printEvents(TestQueueChannel channel) {
    try {
      while (true) {
        channel.drain().forEach(e -> System.out.println(
            "EVENT " + new String(e.getBody(), StandardCharsets.UTF_8)));
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
