/**
 * The {@code spooldir} source (Flume's SpoolDirectorySource): reads complete files dropped into a
 * directory, one event per line (or per Avro record, or per blob), and marks each file done once
 * all of its events are committed. Progress inside a file is committed with every channel
 * transaction, so a crash resumes at the last committed event. See {@code docs/sources/spooldir.md}.
 */
package io.sluice.edge.spooldir;
