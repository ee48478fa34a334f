/**
 * The aggregator's HDFS sink ({@code type = hdfs}), Flume-compatible in keys, defaults and file
 * layout. One small part per job: {@link io.sluice.aggregator.hdfs.PathTemplate} (escapes and
 * rounding), {@link io.sluice.aggregator.hdfs.RollPolicy}, {@code WriterCache} (LRU by
 * {@code hdfs.maxOpenFiles}), an {@link io.sluice.aggregator.hdfs.HdfsFileWriter} per file type,
 * {@link io.sluice.aggregator.hdfs.EventSerializer}s, {@code CloseRetrier}/{@code LeaseRecovery}
 * (close, truncate, recover, rename in the background), {@link io.sluice.aggregator.hdfs.HdfsCalls}
 * (every HDFS call bounded by {@code hdfs.callTimeout}) and {@link io.sluice.aggregator.hdfs.HdfsSink}.
 */
package io.sluice.aggregator.hdfs;
