package io.sluice.deploy.quickstart;

import java.nio.file.Path;

/** The source section of a quickstart edge's config ({@link ClusterConfigs}). Immutable. */
public sealed interface EdgeSource {
  /** The {@code NAME.sources.r1.*} properties, {@code NAME} standing for the agent's name. */
  String properties();

  /**
   * The paced {@code demo} source.
   *
   * @param prefix the first word of its events (a restarted edge's sequence starts at 0 again,
   *     so it gets a new one)
   */
  record Demo(String prefix, int rate, int eventSize) implements EdgeSource {
    @Override
    public String properties() {
      return """
          NAME.sources.r1.type = demo
          NAME.sources.r1.prefix = %s
          NAME.sources.r1.rate = %d
          NAME.sources.r1.eventSize = %d
          NAME.sources.r1.batchSize = 100
          """.formatted(prefix, rate, eventSize);
    }
  }

  /**
   * A {@code TAILDIR} source following only the active file {@code fileName} of {@code logDir}:
   * a rename-rotated file leaves the pattern and is finished through its open descriptor, and a
   * copytruncate copy is found by its first bytes and read from the old position; matching the
   * rotated names too would make every copy a new file of the group.
   */
  record Taildir(Path logDir, String fileName, Path positionFile) implements EdgeSource {
    @Override
    public String properties() {
      return """
          NAME.sources.r1.type = TAILDIR
          NAME.sources.r1.filegroups = app
          NAME.sources.r1.filegroups.app = %s/%s
          NAME.sources.r1.positionFile = %s
          NAME.sources.r1.batchSize = 100
          """.formatted(ClusterConfigs.slash(logDir), fileName.replace(".", "[.]"),
              ClusterConfigs.slash(positionFile));
    }
  }
}
