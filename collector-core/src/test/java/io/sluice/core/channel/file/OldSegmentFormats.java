package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites a segment of the current format (3) as an older Sluice would have written it: version 2
 * (24-byte header, no salt) or version 1 (16-byte header, no synced offset). Record offsets move,
 * so a checkpoint pointing into the segment no longer fits: delete it. Stateless.
 */
final class OldSegmentFormats {
  private static final int SALT_AT = 24;

  private OldSegmentFormats() {}

  static void toVersion1(Path segment) throws IOException {
    rewrite(segment, 1, 16);
  }

  static void toVersion2(Path segment) throws IOException {
    rewrite(segment, 2, 24);
  }

  private static void rewrite(Path segment, int version, int headerSize) throws IOException {
    ByteBuffer v3 = ByteBuffer.wrap(Files.readAllBytes(segment));
    int salt = v3.getInt(SALT_AT);
    int shift = LogSegment.HEADER_SIZE - headerSize;
    ByteBuffer out = ByteBuffer.allocate(v3.limit() - shift);
    out.putLong(v3.getLong(0)).putInt(version).putInt(v3.getInt(12));
    if (version == 2) {
      out.putLong(v3.getLong(16) - shift);
    }
    ByteBuffer records = v3.duplicate().position(LogSegment.HEADER_SIZE);
    for (int at = LogSegment.HEADER_SIZE; at + LogRecord.HEADER <= v3.limit() && v3.getInt(at) > 0;
        at += LogRecord.HEADER + v3.getInt(at)) {
      v3.putInt(at + 4, v3.getInt(at + 4) ^ salt);
    }
    out.put(records);
    Files.write(segment, out.array());
  }
}
