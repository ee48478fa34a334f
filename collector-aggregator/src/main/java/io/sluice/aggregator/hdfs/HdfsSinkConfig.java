package io.sluice.aggregator.hdfs;

import io.sluice.api.config.BatchSized;
import java.time.ZoneId;

/**
 * The {@code hdfs} sink's settings, Flume's keys and defaults. Times are converted to millis here;
 * the javadoc of each component names the key it implements.
 *
 * @param path {@code hdfs.path}, with escapes
 * @param filePrefix {@code hdfs.filePrefix}, with escapes
 * @param fileSuffix {@code hdfs.fileSuffix}; empty means the codec's extension, if any
 * @param inUsePrefix {@code hdfs.inUsePrefix}
 * @param inUseSuffix {@code hdfs.inUseSuffix}, already empty when {@code hdfs.emptyInUseSuffix}
 * @param rollIntervalMillis {@code hdfs.rollInterval}; 0 never rolls by time
 * @param rollSize {@code hdfs.rollSize} in bytes of event bodies; 0 never rolls by size
 * @param rollCount {@code hdfs.rollCount}; 0 never rolls by count
 * @param idleTimeoutMillis {@code hdfs.idleTimeout}; 0 never closes idle files
 * @param batchSize {@code hdfs.batchSize}
 * @param maxOpenFiles {@code hdfs.maxOpenFiles}
 * @param minBlockReplicas {@code hdfs.minBlockReplicas}; 0 means the file system's replication
 * @param callTimeoutMillis {@code hdfs.callTimeout}: bounds one bucket's share of a batch (its
 *     appends, any roll and the flush) and each open, close, truncate, recovery and rename step
 * @param threadsPoolSize {@code hdfs.threadsPoolSize}
 * @param rollTimerPoolSize {@code hdfs.rollTimerPoolSize}: threads closing and recovering files
 * @param closeTries {@code hdfs.closeTries}; 0 retries until it works
 * @param retryIntervalMillis {@code hdfs.retryInterval}
 * @param fileType {@code hdfs.fileType}
 * @param writeFormat {@code hdfs.writeFormat} (SequenceFile values)
 * @param codec {@code hdfs.codeC}, empty for none
 * @param serializer {@code serializer} and its {@code serializer.*} keys
 * @param round {@code hdfs.round}/{@code roundValue}/{@code roundUnit}, {@link TimeRounding#NONE} when off
 * @param timeZone {@code hdfs.timeZone}
 * @param useLocalTimeStamp {@code hdfs.useLocalTimeStamp}
 * @param hsync {@code hdfs.hsync}: hsync instead of hflush before each commit
 * @param badEventPath {@code hdfs.badEventPath}: where events go that cannot be written where
 *     their headers say (see {@link PathTemplate#valueProblem}, {@link BucketCheck}); empty drops
 *     (and counts) them
 * @param kerberos {@code hdfs.kerberosPrincipal}, {@code hdfs.kerberosKeytab}, {@code hdfs.proxyUser}
 */
public record HdfsSinkConfig(
    String path, String filePrefix, String fileSuffix, String inUsePrefix, String inUseSuffix,
    long rollIntervalMillis, long rollSize, long rollCount, long idleTimeoutMillis, int batchSize,
    int maxOpenFiles, int minBlockReplicas, long callTimeoutMillis, int threadsPoolSize,
    int rollTimerPoolSize, int closeTries, long retryIntervalMillis, FileType fileType,
    WriteFormat writeFormat, String codec, SerializerSpec serializer, TimeRounding round,
    ZoneId timeZone, boolean useLocalTimeStamp, boolean hsync, String badEventPath,
    KerberosSpec kerberos)
    implements BatchSized {

  /** {@code hdfs.fileType}. */
  public enum FileType { SEQUENCE_FILE, DATA_STREAM, COMPRESSED_STREAM }

  /** {@code hdfs.writeFormat}: the SequenceFile value class. */
  public enum WriteFormat { WRITABLE, TEXT }

  @Override
  public String batchSizeKey() {
    return "hdfs.batchSize";
  }

  /** The roll triggers alone. */
  public RollPolicy rollPolicy() {
    return new RollPolicy(rollIntervalMillis, rollSize, rollCount);
  }
}
