package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyCacheTest {
  @TempDir Path dir;

  @Test
  void saveThenLoadGivesTheSameSnapshot() throws Exception {
    TopologyCache cache = new TopologyCache(dir.resolve("sub/discovery.properties"));
    assertEquals(Optional.empty(), cache.load());
    Topology t = TopologyCodec.parse(TopologyCodecTest.SAMPLE);
    Member odd = new Member("agg-2", "h2", 2, true, 1, "v=\"1\" \\ : # !");
    DiscoverySnapshot s = new DiscoverySnapshot(Optional.of(t), Map.of(
        "aggregators", List.of(Zk.member("agg-1", 4141), odd),
        "empty-tier", List.of()));
    cache.save(s);
    assertEquals(s, cache.load().orElseThrow());
    // Saving again replaces the file whole; no temporary file is left behind.
    DiscoverySnapshot next = s.withMembers("aggregators", List.of(odd));
    cache.save(next);
    assertEquals(next, new TopologyCache(cache.file()).load().orElseThrow());
    try (var files = Files.list(cache.file().getParent())) {
      assertEquals(List.of(cache.file().getFileName().toString()),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aDamagedCacheIsIgnored() throws Exception {
    Path f = dir.resolve("discovery.properties");
    Files.writeString(f, "topology.routes = web\ntier.0.name = t\ntier.0.member.0 = {oops\n");
    assertEquals(Optional.empty(), new TopologyCache(f).load());
  }

  @Test
  void membersWithoutATopologyAreKept() throws Exception {
    TopologyCache cache = new TopologyCache(dir.resolve("c.properties"));
    DiscoverySnapshot s = DiscoverySnapshot.empty().withMembers("t", List.of(Zk.member("a", 1)));
    cache.save(s);
    DiscoverySnapshot back = cache.load().orElseThrow();
    assertTrue(back.topology().isEmpty());
    assertEquals(s, back);
  }

  /** The default directory is under java.io.tmpdir, where any local user could plant a copy. */
  @Test
  void aCopyAnyUserCouldHaveWrittenIsIgnored() throws Exception {
    TopologyCache cache = new TopologyCache(dir.resolve("shared/discovery.properties"));
    DiscoverySnapshot s = DiscoverySnapshot.empty().withMembers("t", List.of(Zk.member("a", 1)));
    cache.save(s);
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.file().getParent())),
        "a directory the cache makes is private");
    Files.setPosixFilePermissions(cache.file().getParent(),
        PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(Optional.empty(), cache.load(), "a world-writable directory");
    Files.setPosixFilePermissions(cache.file().getParent(),
        PosixFilePermissions.fromString("rwx------"));
    assertEquals(s, cache.load().orElseThrow());
    Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
    assertEquals(Optional.empty(), cache.load(), "a world-writable file");
  }
}
