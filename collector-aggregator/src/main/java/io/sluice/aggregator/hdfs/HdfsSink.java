package io.sluice.aggregator.hdfs;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentContext;
import io.sluice.core.sink.BatchSink;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's HDFS sink ({@code type = hdfs}), same keys, defaults and file layout, rebuilt from small
 * parts: {@link PathTemplate} resolves each event's bucket, {@link BucketWrite} appends a batch's
 * events to each bucket's file on the I/O pool ({@link HdfsCalls}, every call bounded by
 * {@code hdfs.callTimeout}) with the {@link RollPolicy}, {@link WriterCache} keeps at most
 * {@code hdfs.maxOpenFiles} files open, and {@link CloseRetrier} closes, recovers and renames files
 * in the background. A batch waits while more than {@code hdfs.maxOpenFiles} files handed to the
 * closer are still open, so however many buckets the headers name, the streams (and the HDFS
 * client's threads behind them) stay bounded.
 *
 * <p>One channel transaction per {@code process()} (see {@link BatchSink}): take up to
 * {@code hdfs.batchSize} events, write them, {@code hflush} (or {@code hsync}) every file touched,
 * and only then commit. Any failure rolls the whole batch back; every file the batch touched is
 * handed to the closer, which cuts it back to its committed length (or deletes it when nothing in
 * it was committed), so the events the channel delivers again are not written twice. The next
 * batch opens new files, so a broken stream is never written again. A batch whose files were all
 * flushed but whose channel commit then fails is a {@link FailedCommit}: when the channel hands the
 * same events out again, the first copy is cut from its files once the second is committed, so it
 * is not written twice; when it does not (the commit may have taken effect), the first copy is
 * kept: at-least-once, never lost, as with Flume. Events whose path cannot be resolved, or
 * resolves to a bucket that must not be written ({@link PathTemplate#valueProblem},
 * {@link BucketCheck}), are {@link BadEvents}, never a reason to roll back.
 *
 * <p>At start, in-use files that an earlier run of the sink left open (a crash) are found under the
 * path's fixed prefix, their leases recovered, and renamed to their final names. Sinks sharing a
 * directory must use distinct {@code hdfs.filePrefix} values, as with Flume.
 *
 * <p>On a secure cluster every HDFS call runs as the sink's {@link HdfsUser} (see {@link
 * SinkIdentity}: its Kerberos login, shared through {@link KerberosLogins}, or the agent's, or
 * {@code hdfs.proxyUser} over it); the ticket is renewed from the keytab before a batch when it
 * nears its end.
 *
 * <p>{@code process()} is called by one thread at a time; {@code start()} and {@code stop()} by the
 * runtime, not concurrently with it. All threads come from the context's thread factory and end in
 * {@link #stop()}.
 */
public final class HdfsSink extends BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(HdfsSink.class);
  /** The file prefix of events written under {@code hdfs.badEventPath}. */
  static final String BAD_EVENTS_PREFIX = "BadEvents";

  private final HdfsSinkConfig config;
  private final Configuration hadoopConf;
  private final ComponentContext context;
  private final Clock clock;
  private final PathTemplate pathTemplate;
  private final PathTemplate prefixTemplate;
  private final RollPolicy roll;
  private final WriterCache cache;
  private final BadEvents badEvents;

  private final KerberosLogins logins;

  private volatile KerberosLogin login;
  private HdfsUser user = HdfsUser.PROCESS;
  private FileSystem fs;
  private HdfsCalls calls;
  private CloseRetrier closer;
  private FileOpener opener;
  private BucketCheck bucketCheck;
  private int minBlockReplicas;
  /** The writes of the batch delivered last, whose files wait for the channel commit. */
  private List<BucketWrite> awaitingCommit = List.of();
  private FailedCommit failedCommit;

  public HdfsSink(String name, Channel channel, HdfsSinkConfig config, Configuration hadoopConf,
      ComponentContext context) {
    this(name, channel, config, hadoopConf, context, new KerberosLogins());
  }

  /** A sink whose Kerberos login comes from (and is shared through) {@code logins}. */
  public HdfsSink(String name, Channel channel, HdfsSinkConfig config, Configuration hadoopConf,
      ComponentContext context, KerberosLogins logins) {
    super(name, channel, config.batchSize(), context.metrics());
    this.logins = logins;
    this.config = config;
    this.hadoopConf = hadoopConf;
    this.context = context;
    this.clock = context.clock();
    HostNames host = HostNames.local();
    Locale locale = Locale.getDefault(Locale.Category.FORMAT);
    this.pathTemplate = PathTemplate.parse(config.path(), config.timeZone(), config.round(),
        config.useLocalTimeStamp(), host, locale);
    this.prefixTemplate = PathTemplate.parse(config.filePrefix(), config.timeZone(), config.round(),
        config.useLocalTimeStamp(), host, locale);
    this.roll = config.rollPolicy();
    this.cache = new WriterCache(config.maxOpenFiles());
    this.badEvents = new BadEvents(name, config.badEventPath(), context.metrics());
    // 0: no Kerberos, 1: logged in with a live ticket, -1: not logged in or the ticket ended.
    // Tickets end in wall-clock time, whatever clock the sink names its files by.
    Clock wall = Clock.systemUTC();
    context.metrics().gauge("KerberosLoginState", () -> {
      KerberosLogin l = login;
      if (l == null) {
        return config.kerberos().enabled() ? -1 : 0;
      }
      return l.loggedIn(wall) ? 1 : -1;
    });
    context.metrics().gauge("KerberosTicketSecondsToExpiry", () -> {
      KerberosLogin l = login;
      return l == null ? -1 : l.secondsToExpiry(wall);
    });
  }

  @Override
  public void start() throws IOException {
    Path root = scanRoot();
    SinkIdentity identity = SinkIdentity.resolve(name(), config.kerberos(), logins, hadoopConf,
        root.toUri());
    login = identity.login();
    user = identity.user();
    fs = user.run(() -> SinkFileSystem.open(root.toUri(), hadoopConf));
    calls = new HdfsCalls(config.threadsPoolSize(), context.threadFactory("hdfs-call"),
        config.callTimeoutMillis(), user);
    closer = new CloseRetrier(name(), calls, new LeaseRecovery(fs), config.rollTimerPoolSize(),
        context.threadFactory("hdfs-close"), config.closeTries(), config.retryIntervalMillis(),
        context.metrics());
    FileFormat format = new FileFormat(config.fileType(), config.writeFormat(),
        config.codec().isEmpty() ? null : FileFormat.codecNamed(config.codec(), hadoopConf),
        config.serializer(), hadoopConf, clock);
    FileNamer namer = new FileNamer(config.fileSuffix(), format.codecExtension(), config.inUsePrefix(),
        config.inUseSuffix(), clock.millis());
    opener = new FileOpener(fs, namer, format, context.metrics());
    bucketCheck = new BucketCheck(pathTemplate, namer.nameBytesBeyondPrefix());
    minBlockReplicas = config.minBlockReplicas() > 0 ? config.minBlockReplicas()
        : user.run(() -> fs.getDefaultReplication(root));
    if (namer.marksInUse() && !pathTemplate.staticPrefix().isEmpty()) {
      closer.recoverLeftovers(root, namer);
    } else {
      LOG.warn("Sink {}: cannot look for files left in-use by an earlier run ({}); such files stay "
          + "in-use", name(), namer.marksInUse() ? "hdfs.path starts with an escape"
              : "hdfs.inUsePrefix and hdfs.inUseSuffix are both empty");
    }
    LOG.info("Sink {}: writing {} files to {} (prefix {}) as {}", name(), config.fileType(),
        config.path(), config.filePrefix(), user);
  }

  private Path scanRoot() {
    return scanRoot(pathTemplate);
  }

  /** The directory holding every bucket: the path up to its first escape, cut at a slash. */
  static Path scanRoot(PathTemplate template) {
    String fixed = template.staticPrefix();
    if (!template.isConstant()) {
      int slash = fixed.lastIndexOf('/');
      fixed = slash <= 0 ? "/" : fixed.substring(0, slash);
    }
    Path p = new Path(fixed.isEmpty() ? "/" : fixed);
    // "hdfs://nn:8020/%Y" keeps the file system's root, not an empty path
    return p.toUri().getPath().isEmpty() ? new Path(fixed + "/") : p;
  }

  @Override
  protected void beforeBatch() throws IOException {
    user.renew();
    long now = clock.millis();
    long idle = config.idleTimeoutMillis();
    // A roll requested for under-replication waits for the next write, which knows to open the
    // new file as such (see BucketFile#underReplicated).
    for (BucketFile f : cache.removeIf(f -> roll.isExpired(f.openedAt(), now)
        || roll.isFull(f.events(), f.bytes()) || (idle > 0 && now - f.lastWriteAt() >= idle))) {
      closer.close(f);
    }
    // Opening files faster than they close would grow open streams with header cardinality.
    try {
      if (!closer.awaitOpenStreamsAtMost(config.maxOpenFiles(), config.callTimeoutMillis())) {
        throw new IOException(closer.openStreams() + " files handed to the closer are still open, "
            + "more than hdfs.maxOpenFiles = " + config.maxOpenFiles() + ", after hdfs.callTimeout; "
            + "not opening more");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for files to close", e);
    }
  }

  @Override
  protected void deliver(List<Event> batch) throws IOException {
    awaitingCommit = List.of();
    if (failedCommit != null && !failedCommit.cameBackIn(batch)) {
      keepFailedCommit("the channel handed out other events next");
    }
    long now = clock.millis();
    Map<String, BucketWrite> writes = new LinkedHashMap<>();
    Map<String, BadEventException> refused = new HashMap<>();
    boolean hadBad = false;
    for (Event e : batch) {
      BucketWrite w;
      try {
        w = bucketOf(e, now, writes, refused);
      } catch (BadEventException bad) {
        hadBad = true;
        badEvents.seen(bad, now);
        if (config.badEventPath().isEmpty()) {
          continue;
        }
        w = writes.computeIfAbsent(config.badEventPath() + "/" + BAD_EVENTS_PREFIX,
            b -> new BucketWrite(b, config.badEventPath(), BAD_EVENTS_PREFIX, cache.get(b)));
      }
      w.add(e);
    }
    badEvents.batchDone(hadBad);
    if (writes.isEmpty()) {
      return;
    }
    // Files of a batch that fails are cut back to their committed length: abandoned tasks too.
    BucketWrite.Env env = new BucketWrite.Env(opener, roll, config.hsync(), minBlockReplicas,
        closer::abort, now);
    List<BucketWrite> tasks = new ArrayList<>(writes.size());
    for (BucketWrite w : writes.values()) {
      cache.remove(w.bucket()); // the task owns the file until it reports back
      tasks.add(w.with(env));
    }
    // The batch's files and those kept open fit within hdfs.maxOpenFiles (unless the batch alone
    // names more buckets).
    cache.trimTo(config.maxOpenFiles() - tasks.size()).forEach(closer::close);
    List<HdfsCalls.Outcome<BucketWrite>> outcomes;
    try {
      outcomes = calls.each("write of " + batch.size() + " events to " + tasks.size() + " file(s)",
          tasks);
    } catch (IOException e) {
      tasks.forEach(BucketWrite::abandon);
      throw e;
    }
    IOException failure = null;
    List<BucketFile> touched = new ArrayList<>();
    List<BucketWrite> written = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      BucketWrite w = tasks.get(i);
      IOException timeout = outcomes.get(i).failure();
      if (timeout != null) { // the task hands its files to the closer when it ends
        w.abandon();
        failure = merge(failure, timeout);
        continue;
      }
      touched.addAll(w.finished());
      if (w.current() != null) {
        touched.add(w.current());
      }
      if (w.failure() != null) {
        failure = merge(failure, new IOException("writing bucket " + w.bucket() + " failed: "
            + w.failure(), w.failure()));
      }
      written.add(w);
    }
    if (failure != null) {
      touched.forEach(closer::abort);
      throw failure;
    }
    awaitingCommit = written;
  }

  /** The batch is committed: its files are good up to here and go back to the cache or close. */
  @Override
  protected void committed() {
    for (BucketWrite w : awaitingCommit) {
      for (BucketFile f : w.finished()) {
        f.markCommitted();
        closer.close(f);
      }
      BucketFile f = w.current();
      f.markCommitted();
      if (roll.isFull(f.events(), f.bytes())) {
        closer.close(f);
      } else {
        cache.put(w.bucket(), f).forEach(closer::close);
      }
    }
    awaitingCommit = List.of();
    if (failedCommit != null) { // it came back at the head of this batch, now committed
      LOG.info("Sink {}: the {} events of a batch whose channel commit failed were written again "
          + "and committed; cutting their first copy from {}", name(), failedCommit.eventCount(),
          failedCommit.files());
      failedCommit.files().forEach(closer::abort);
      failedCommit = null;
    }
  }

  /**
   * The batch is in its files but the channel did not commit it. Its files are written no more
   * (the next batch opens new ones) and held until the next take tells whether it comes back.
   */
  @Override
  protected void commitFailed(List<Event> batch) {
    List<BucketFile> files = new ArrayList<>();
    for (BucketWrite w : awaitingCommit) {
      files.addAll(w.finished());
      files.add(w.current());
    }
    awaitingCommit = List.of();
    failedCommit = failedCommit == null ? new FailedCommit(batch, files)
        : failedCommit.plus(batch, files);
  }

  /** Keeps the first copy of a failed commit's events: finishes its files with all they hold. */
  private void keepFailedCommit(String why) {
    LOG.warn("Sink {}: {} after a batch of {} events failed to commit; keeping their copy in {}, so "
        + "they may be in HDFS twice", name(), why, failedCommit.eventCount(), failedCommit.files());
    failedCommit.files().forEach(closer::close);
    failedCommit = null;
  }

  /** The batch's write of the event's bucket, made (and the bucket checked) on its first event. */
  private BucketWrite bucketOf(Event e, long now, Map<String, BucketWrite> writes,
      Map<String, BadEventException> refused) throws BadEventException {
    String dir = pathTemplate.resolve(e.getHeaders(), now);
    String prefix = prefixTemplate.resolve(e.getHeaders(), now);
    String bucket = dir + "/" + prefix;
    BucketWrite w = writes.get(bucket);
    if (w == null) {
      BadEventException known = refused.get(bucket);
      if (known != null) {
        throw known;
      }
      try {
        bucketCheck.check(dir, prefix);
      } catch (BadEventException bad) {
        refused.put(bucket, bad);
        throw bad;
      }
      w = new BucketWrite(bucket, dir, prefix, cache.get(bucket));
      writes.put(bucket, w);
    }
    return w;
  }

  private static IOException merge(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public void stop() {
    if (closer == null) {
      return;
    }
    cache.removeAll().forEach(closer::close);
    if (failedCommit != null) {
      keepFailedCommit("the sink stopped");
    }
    try {
      if (!closer.awaitIdle(config.callTimeoutMillis())) {
        LOG.warn("Sink {}: {} file(s) not finished at stop; they stay in-use and the next start "
            + "recovers them", name(), closer.pending());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closer.close();
    calls.close();
    try {
      user.run(() -> {
        fs.close();
        return null;
      });
    } catch (IOException e) {
      LOG.warn("Sink {}: closing the HDFS client failed", name(), e);
    }
  }

  /** Files open for writing now (for tests and metrics). */
  int openFiles() {
    return cache.size();
  }

  /** Events that could not be given a path. */
  long badEventCount() {
    return badEvents.count();
  }
}
