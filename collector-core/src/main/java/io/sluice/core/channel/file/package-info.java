/**
 * The {@code file} channel: a durable channel over a checksummed write-ahead log with group
 * commit, pointer-only queue, checkpoints and crash replay. Design: docs/file-channel.md.
 */
package io.sluice.core.channel.file;
