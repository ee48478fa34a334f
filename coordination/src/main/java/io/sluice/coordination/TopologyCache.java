package io.sluice.coordination;

import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's local copy of its last good {@link DiscoverySnapshot}, so an edge restarted while
 * ZooKeeper is down still knows where to send. The file is a properties file:
 * {@code topology.<key>} holds the topology's own keys, and {@code tier.<i>.name} /
 * {@code tier.<i>.member.<j>} each tier's name and member JSON.
 *
 * <p>{@link #save} replaces the file atomically (write a temporary file, fsync, rename), so a crash
 * leaves the old or the new copy, never half of one. Directories it makes are private to its
 * user. {@link #load} trusts a copy only if it and its directory belong to this process's user and
 * not every user may write them: a file another local user could plant (the default directory is
 * under {@code java.io.tmpdir}) would otherwise choose where the edge sends. Thread-safe: saves are
 * serialised.
 */
public final class TopologyCache {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyCache.class);
  private static final String TOPOLOGY = "topology.";

  private final Path file;

  public TopologyCache(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public synchronized void save(DiscoverySnapshot snapshot) throws IOException {
    Properties p = new Properties();
    snapshot.topology().ifPresent(t -> FlumeProperties.parse(TopologyCodec.format(t))
        .forEach((k, v) -> p.setProperty(TOPOLOGY + k, v)));
    int i = 0;
    for (Map.Entry<String, List<Member>> tier : snapshot.members().entrySet()) {
      p.setProperty("tier." + i + ".name", tier.getKey());
      int j = 0;
      for (Member m : tier.getValue()) {
        p.setProperty("tier." + i + ".member." + j++,
            new String(MemberCodec.encode(m), StandardCharsets.UTF_8));
      }
      i++;
    }
    StringWriter text = new StringWriter();
    p.store(text, "Sluice discovery cache: the last topology and members read from ZooKeeper");
    writeAtomically(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cached snapshot; empty when there is no file. A damaged file is logged and ignored: the
   * edge then waits for ZooKeeper, as if it had never run.
   */
  public synchronized Optional<DiscoverySnapshot> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Optional<String> untrusted = untrusted(file).or(() -> untrusted(file.toAbsolutePath()
        .getParent()));
    if (untrusted.isPresent()) {
      LOG.warn("Ignoring the discovery cache {}: {}", file, untrusted.get());
      return Optional.empty();
    }
    try {
      return Optional.of(parse(FlumeProperties.read(file)));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring the damaged discovery cache {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Why {@code path} may hold what another user wrote, or empty when only we could write it. */
  private static Optional<String> untrusted(Path path) {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return Optional.empty(); // no POSIX owners here
    } catch (IOException e) {
      return Optional.of("cannot check " + path + ": " + e.getMessage());
    }
    String me = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    if (!a.owner().getName().equals(me)) {
      return Optional.of(path + " belongs to " + a.owner().getName() + ", not to " + me);
    }
    Set<PosixFilePermission> p = a.permissions();
    if (p.contains(PosixFilePermission.OTHERS_WRITE)) {
      return Optional.of(path + " may be written by any user ("
          + PosixFilePermissions.toString(p) + ")");
    }
    return Optional.empty();
  }

  private static DiscoverySnapshot parse(Map<String, String> props) {
    Map<String, String> topo = FlumeProperties.under(props, TOPOLOGY);
    Optional<Topology> topology = topo.isEmpty()
        ? Optional.empty() : Optional.of(TopologyCodec.parse(topo));
    Map<String, List<Member>> members = new TreeMap<>();
    for (int i = 0; props.containsKey("tier." + i + ".name"); i++) {
      String prefix = "tier." + i + ".member.";
      List<Member> list = new java.util.ArrayList<>();
      for (int j = 0; props.containsKey(prefix + j); j++) {
        list.add(MemberCodec.decode(props.get(prefix + j).getBytes(StandardCharsets.UTF_8)));
      }
      members.put(props.get("tier." + i + ".name"), list);
    }
    return new DiscoverySnapshot(topology, members);
  }

  private void writeAtomically(byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    createPrivateDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      Files.createDirectory(dir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // made meanwhile by another edge of this host
    }
  }
}
