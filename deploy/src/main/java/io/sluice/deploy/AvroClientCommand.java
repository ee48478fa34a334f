package io.sluice.deploy;

import io.sluice.api.Event;
import io.sluice.rpc.Compression;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code flume-ng avro-client} ({@code sluice avro-client}): sends each line of a file, of every
 * file of a directory, or of standard input as one event to an Avro source, in {@code appendBatch}
 * calls, with the same headers on every event. Unlike Flume's client it exits non-zero, with one
 * line naming {@code host:port}, when the agent cannot be reached or does not take a batch.
 */
final class AvroClientCommand {
  static final String COMPLETED_SUFFIX = ".COMPLETED";

  static final String USAGE = """
      usage: avro-client (-H HOST -p PORT | -P RPC_PROPERTIES) [options]
        -H, --host HOST          the Avro source's host
        -p, --port PORT          the Avro source's port
        -P, --rpcProps FILE      Flume RPC client properties instead of -H/-p: hosts (the first
                                 one is used), hosts.NAME = host:port, batch-size,
                                 connect-timeout, request-timeout (ms), compression-type,
                                 compression-level
        -F, --filename FILE      send the lines of FILE (default: standard input)
            --dirname DIR        send the lines of every file in DIR, oldest first, renaming
                                 each to NAME.COMPLETED once sent (files already so named,
                                 and hidden ones, are skipped)
        -R, --headerFile FILE    headers for every event, as a properties file (key=value lines)
            --batch-size N       events per appendBatch call (default 100)
        -h, --help               this help
      Each line (without its line ending) is the body of one event, in UTF-8.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream stdin;

  private AvroClientCommand(InputStream stdin, PrintStream out, PrintStream err) {
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  /** Runs the command; returns the exit status. */
  static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
    return new AvroClientCommand(stdin, out, err).run(args);
  }

  private record Options(RpcClientConfig client, Path file, Path dir, Map<String, String> headers) {}

  private int run(List<String> args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null) {
        out.print(USAGE);
        return ExitCode.OK;
      }
      err.println("avro-client: " + e.getMessage());
      err.print(USAGE);
      return ExitCode.USAGE;
    } catch (IOException e) {
      err.println("avro-client: " + e.getMessage());
      return ExitCode.USAGE;
    }
    String peer = o.client().peer();
    long sent = 0;
    try (AvroRpcClient client = AvroRpcClient.connect(o.client())) {
      if (o.dir() != null) {
        for (Path f : spooledFiles(o.dir())) {
          try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            sent += send(client, r, o);
          }
          Path done = f.resolveSibling(f.getFileName() + COMPLETED_SUFFIX);
          if (Files.exists(done)) {
            throw new IOException("sent " + f + " but cannot mark it: " + done + " exists");
          }
          Files.move(f, done);
        }
      } else if (o.file() != null) {
        try (Reader r = Files.newBufferedReader(o.file(), StandardCharsets.UTF_8)) {
          sent += send(client, r, o);
        }
      } else {
        sent += send(client, new InputStreamReader(stdin, StandardCharsets.UTF_8), o);
      }
    } catch (RpcException e) {
      err.println("avro-client: cannot send events to " + peer + ": " + e.getMessage()
          + (sent > 0 ? " (" + sent + " events were delivered before)" : ""));
      return ExitCode.FAILED;
    } catch (IOException e) {
      err.println("avro-client: " + e.getMessage()
          + (sent > 0 ? " (" + sent + " events were delivered to " + peer + " before)" : ""));
      return ExitCode.FAILED;
    }
    out.println("avro-client: sent " + sent + " events to " + peer);
    return ExitCode.OK;
  }

  /** Sends every line of {@code in}; returns how many. Counts only batches answered OK. */
  private static long send(AvroRpcClient client, Reader in, Options o)
      throws IOException, RpcException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    int batchSize = o.client().batchSize();
    List<Event> batch = new ArrayList<>(batchSize);
    long sent = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      batch.add(Event.of(o.headers(), line.getBytes(StandardCharsets.UTF_8)));
      if (batch.size() == batchSize) {
        client.appendBatch(batch);
        sent += batch.size();
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      client.appendBatch(batch);
      sent += batch.size();
    }
    return sent;
  }

  /** The files to send from a spooling directory, oldest first. */
  static List<Path> spooledFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> !f.getFileName().toString().endsWith(COMPLETED_SUFFIX))
          .sorted(Comparator.comparing((Path f) -> {
            try {
              return Files.getLastModifiedTime(f);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).thenComparing(Path::getFileName))
          .toList();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Options parse(List<String> args) throws IOException {
    String host = null;
    Integer port = null;
    Path rpcProps = null;
    Path file = null;
    Path dir = null;
    Path headerFile = null;
    Integer batchSize = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-H", "--host" -> host = OptionArgs.value(args, ++i, a);
        case "-p", "--port" -> port = (int) port(OptionArgs.value(args, ++i, a), a);
        case "-P", "--rpcProps" -> rpcProps = Path.of(OptionArgs.value(args, ++i, a));
        case "-F", "--filename" -> file = Path.of(OptionArgs.value(args, ++i, a));
        case "--dirname" -> dir = Path.of(OptionArgs.value(args, ++i, a));
        case "-R", "--headerFile" -> headerFile = Path.of(OptionArgs.value(args, ++i, a));
        case "--batch-size" -> batchSize = (int) OptionArgs.number(OptionArgs.value(args, ++i, a),
            a, 1);
        case "-h", "--help" -> throw new IllegalArgumentException((String) null);
        default -> throw new IllegalArgumentException("unknown option '" + a + "'");
      }
    }
    if (file != null && dir != null) {
      throw new IllegalArgumentException("give --filename or --dirname, not both");
    }
    if (dir != null && !Files.isDirectory(dir)) {
      throw new IOException("--dirname " + dir + " is not a directory");
    }
    if (file != null && !Files.isReadable(file)) {
      throw new IOException("cannot read --filename " + file);
    }
    RpcClientConfig client;
    if (rpcProps != null) {
      if (host != null || port != null) {
        throw new IllegalArgumentException("give --rpcProps or --host and --port, not both");
      }
      client = fromRpcProperties(load(rpcProps, "--rpcProps"), rpcProps, batchSize);
    } else {
      if (host == null || port == null) {
        throw new IllegalArgumentException("give --host and --port (or --rpcProps FILE)");
      }
      client = RpcClientConfig.builder(host, port).batchSize(batchSize == null ? 100 : batchSize)
          .build();
    }
    Map<String, String> headers = new HashMap<>();
    if (headerFile != null) {
      load(headerFile, "--headerFile").forEach((k, v) -> headers.put((String) k, (String) v));
    }
    return new Options(client, file, dir, Map.copyOf(headers));
  }

  private static Properties load(Path file, String option) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IOException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
    }
    return p;
  }

  /** The subset of Flume's RPC client properties that a single connection uses. */
  private static RpcClientConfig fromRpcProperties(Properties p, Path file, Integer batchSize) {
    String hosts = p.getProperty("hosts", "").trim();
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(file + " sets no 'hosts'");
    }
    String alias = hosts.split("\\s+")[0];
    String address = p.getProperty("hosts." + alias, "").trim();
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(file + ": hosts." + alias
          + " must be host:port, not '" + address + "'");
    }
    RpcClientConfig.Builder b = RpcClientConfig.builder(address.substring(0, colon),
        (int) port(address.substring(colon + 1), "hosts." + alias));
    String key = "batch-size";
    try {
      b.batchSize(batchSize != null ? batchSize
          : Integer.parseInt(p.getProperty(key, "100").trim()));
      key = "connect-timeout";
      b.connectTimeout(Duration.ofMillis(Long.parseLong(p.getProperty(key, "20000").trim())));
      key = "request-timeout";
      b.requestTimeout(Duration.ofMillis(Long.parseLong(p.getProperty(key, "20000").trim())));
      key = "compression-level";
      b.compressionLevel(Integer.parseInt(p.getProperty(key, "6").trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + " is not a number: "
          + p.getProperty(key));
    }
    String compression = p.getProperty("compression-type", "none").trim().toLowerCase(Locale.ROOT);
    b.compression(switch (compression) {
      case "none" -> Compression.NONE;
      case "deflate" -> Compression.DEFLATE;
      default -> throw new IllegalArgumentException(file + ": compression-type must be none or "
          + "deflate, not '" + compression + "'");
    });
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  private static long port(String v, String option) {
    long n = OptionArgs.number(v, option, 1);
    if (n > 65535) {
      throw new IllegalArgumentException(option + " must be a port (1..65535), not " + v);
    }
    return n;
  }
}
