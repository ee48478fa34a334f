package io.sluice.edge.taildir;

import static io.sluice.edge.taildir.TaildirFixture.append;
import static io.sluice.edge.taildir.TaildirFixture.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File identity is the device and the inode, checked by content. */
class TaildirIdentityTest {
  @TempDir
  Path root;

  private static long inode(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
  }

  @Test
  void twoFileSystemsWithEqualInodeNumbersAreEachReadOnce() throws Exception {
    Path a = Files.createDirectories(root.resolve("fs-a"));
    Path b = Files.createDirectories(root.resolve("fs-b"));
    assumeTrue(mount(a) && mount(b), "needs root to mount two tmpfs file systems");
    try {
      append(a.resolve("app.log"), lines("a", 0, 100));
      append(b.resolve("app.log"), lines("b", 0, 100));
      assertEquals(inode(a.resolve("app.log")), inode(b.resolve("app.log")), "fresh tmpfs mounts share inode numbers");
      TaildirFixture t = new TaildirFixture(root, "none").without("filegroups.f1").with("filegroups", "fa fb")
          .with("filegroups.fa", a + "/app\\.log").with("filegroups.fb", b + "/app\\.log");
      try (t) {
        t.start();
        t.awaitSettled(all(lines("a", 0, 100), lines("b", 0, 100)));
        t.stop();
        append(a.resolve("app.log"), lines("a", 100, 150));
        append(b.resolve("app.log"), lines("b", 100, 150));
        t.start();
        t.awaitSettled(all(lines("a", 0, 150), lines("b", 0, 150)));
      }
    } finally {
      umount(a);
      umount(b);
    }
  }

  @Test
  void aFileDeletedAndRecreatedWithTheSameInodeWhileStoppedIsANewFile() throws Exception {
    TaildirFixture t = new TaildirFixture(root, "app\\.log");
    Path f = t.dir.resolve("app.log");
    t.readThenStop(f, "old", 100);
    long ino = inode(f);
    Files.delete(f);
    // File systems hand a freed inode out again; try a few times to get it for the new file.
    for (int i = 0; i < 200 && !(Files.exists(f) && inode(f) == ino); i++) {
      Files.deleteIfExists(f);
      Files.createFile(f);
    }
    assumeTrue(inode(f) == ino, "the file system did not reuse the inode");
    append(f, lines("new", 0, 150));
    try (t) {
      t.start();
      t.awaitSettled(all(lines("old", 0, 100), lines("new", 0, 150)));
    }
  }

  private static List<String> all(String[]... parts) {
    List<String> out = new ArrayList<>();
    for (String[] p : parts) {
      out.addAll(Arrays.asList(p));
    }
    return out;
  }

  private static boolean mount(Path dir) throws Exception {
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static void umount(Path dir) throws Exception {
    new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
  }
}
