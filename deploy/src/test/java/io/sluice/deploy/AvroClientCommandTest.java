package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code avro-client} against an in-process Avro RPC server. */
class AvroClientCommandTest {
  @TempDir Path tmp;

  private final List<Event> received = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<RpcStatus> answer = new AtomicReference<>(RpcStatus.OK);
  private AvroRpcServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void startServer() throws IOException {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").port(0).build(),
        (events, peer) -> {
          if (answer.get() == RpcStatus.OK) {
            received.addAll(events);
            batchSizes.add(events.size());
          }
          return CompletableFuture.completedFuture(answer.get());
        }).start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private int run(InputStream stdin, String... args) {
    return AvroClientCommand.run(List.of(args), stdin, new PrintStream(out, true),
        new PrintStream(err, true));
  }

  private int run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  private String port() {
    return Integer.toString(server.boundPort());
  }

  private List<String> bodies() {
    synchronized (received) {
      return received.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
    }
  }

  @Test
  void sendsAFileLineForLineWithTheHeaders() throws Exception {
    Path file = tmp.resolve("in.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      lines.add("line " + i + (i % 7 == 0 ? " ünïcode" : ""));
    }
    lines.add("");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Path headers = Files.writeString(tmp.resolve("h.properties"), "host = web1\ndc=eu\n");
    assertEquals(0, run("-H", "127.0.0.1", "-p", port(), "-F", file.toString(), "-R",
        headers.toString()), err::toString);
    assertEquals(lines, bodies());
    assertEquals(Map.of("host", "web1", "dc", "eu"), received.get(0).getHeaders());
    assertEquals(List.of(100, 100, 51), batchSizes);
    assertTrue(out.toString().contains("sent 251 events to 127.0.0.1:" + port()), out::toString);
  }

  @Test
  void readsStandardInputWithCrLfAndTakesRpcProperties() throws Exception {
    Path props = Files.writeString(tmp.resolve("rpc.properties"),
        "hosts = h1 h2\nhosts.h1 = 127.0.0.1:" + port() + "\nhosts.h2 = nowhere:1\nbatch-size = 2\n");
    InputStream stdin = new ByteArrayInputStream("a\r\nb\nc".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, run(stdin, "--rpcProps", props.toString()), err::toString);
    assertEquals(List.of("a", "b", "c"), bodies());
    assertEquals(List.of(2, 1), batchSizes);
  }

  @Test
  void sendsEveryFileOfADirectoryOldestFirstAndMarksThem() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("spool"));
    Path older = Files.writeString(dir.resolve("b.log"), "b1\nb2\n");
    Path newer = Files.writeString(dir.resolve("a.log"), "a1\n");
    Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
    Files.writeString(dir.resolve("old.log.COMPLETED"), "sent before\n");
    Files.writeString(dir.resolve(".hidden"), "not mine\n");
    assertEquals(0, run("-H", "127.0.0.1", "-p", port(), "--dirname", dir.toString()),
        err::toString);
    assertEquals(List.of("b1", "b2", "a1"), bodies());
    assertTrue(Files.exists(dir.resolve("b.log.COMPLETED")));
    assertTrue(Files.exists(dir.resolve("a.log.COMPLETED")));
    assertFalse(Files.exists(older));
    assertFalse(Files.exists(newer));
  }

  @Test
  void unreachableAgentIsOneErrorNamingHostAndPort() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path file = Files.writeString(tmp.resolve("in.txt"), "x\n");
    assertEquals(1, run("-H", "127.0.0.1", "-p", Integer.toString(closed), "-F",
        file.toString()));
    String e = err.toString().strip();
    assertTrue(e.startsWith("avro-client: cannot send events to 127.0.0.1:" + closed), e);
    assertEquals(1, e.lines().count(), e);
  }

  @Test
  void refusedBatchFailsTheCommand() throws Exception {
    answer.set(RpcStatus.FAILED);
    Path file = Files.writeString(tmp.resolve("in.txt"), "x\n");
    assertEquals(1, run("-H", "127.0.0.1", "-p", port(), "-F", file.toString()));
    assertTrue(err.toString().contains("127.0.0.1:" + port()), err::toString);
    assertTrue(err.toString().contains("FAILED"), err::toString);
  }

  @Test
  void usageMistakes() {
    assertEquals(2, run("-H", "127.0.0.1"));
    assertEquals(2, run("-H", "h", "-p", "1", "-F", "a", "--dirname", "b"));
    assertEquals(2, run("-H", "h", "-p", "99999"));
    assertEquals(2, run("--bogus"));
    assertEquals(0, run("--help"));
    assertTrue(out.toString().startsWith("usage: avro-client"));
  }
}
