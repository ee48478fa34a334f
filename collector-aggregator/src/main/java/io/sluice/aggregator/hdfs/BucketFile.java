package io.sluice.aggregator.hdfs;

import io.sluice.api.Event;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;

/**
 * One open file of a bucket: its in-use and final names, its writer and what it holds so far.
 * Confined to one thread at a time (the task writing the bucket, then the closer).
 */
final class BucketFile {
  private final String bucket;
  private final Path inUse;
  private final Path target;
  private final FSDataOutputStream out;
  private final HdfsFileWriter writer;
  private final long openedAt;
  private final boolean openedForUnderReplication;
  private long events;
  private long bytes;
  private long lastWriteAt;
  private boolean rollRequested;
  private long flushedLength;
  private long committedLength;

  BucketFile(String bucket, Path inUse, Path target, FSDataOutputStream out, HdfsFileWriter writer,
      long openedAt, boolean openedForUnderReplication) {
    this.bucket = bucket;
    this.inUse = inUse;
    this.target = target;
    this.out = out;
    this.writer = writer;
    this.openedAt = openedAt;
    this.lastWriteAt = openedAt;
    this.openedForUnderReplication = openedForUnderReplication;
  }

  void append(Event event, long now) throws IOException {
    writer.append(event);
    events++;
    bytes += event.getBody().length;
    lastWriteAt = now;
  }

  void flush(boolean hsync) throws IOException {
    writer.flush(hsync);
    flushedLength = out.getPos();
  }

  /** The batch that was flushed last is committed: the file is good up to here. */
  void markCommitted() {
    committedLength = flushedLength;
  }

  /**
   * The length of the file's committed content: the first bytes that hold only events whose
   * channel transaction committed. 0 when nothing in the file was committed.
   */
  long committedLength() {
    return committedLength;
  }

  void close() throws IOException {
    writer.close();
  }

  /**
   * True when the block being written has fewer live replicas than wanted (a DataNode left the
   * pipeline); rolling starts a new pipeline. Not for a file that was itself opened for that reason,
   * so a cluster short of DataNodes does not get a file per batch.
   */
  boolean underReplicated(int minReplicas) throws IOException {
    if (minReplicas <= 0 || openedForUnderReplication || !(out instanceof HdfsDataOutputStream h)) {
      return false;
    }
    int current = h.getCurrentBlockReplication();
    return current > 0 && current < minReplicas;
  }

  void requestRoll() {
    rollRequested = true;
  }

  boolean rollRequested() {
    return rollRequested;
  }

  String bucket() {
    return bucket;
  }

  Path inUse() {
    return inUse;
  }

  Path target() {
    return target;
  }

  long openedAt() {
    return openedAt;
  }

  long lastWriteAt() {
    return lastWriteAt;
  }

  long events() {
    return events;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return inUse.toString();
  }
}
