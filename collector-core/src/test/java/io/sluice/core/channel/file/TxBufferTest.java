package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A transaction's records carry the salt of the segment they are written to, whichever it is. */
class TxBufferTest {
  @Test
  void recordsAreSaltedForTheSegmentTheyGoToAndResaltedForAnother() {
    TxBuffer tx = new TxBuffer();
    for (int i = 0; i < 3; i++) {
      tx.put(Event.of(Map.of("id", "e" + i), ("body" + i).getBytes(StandardCharsets.UTF_8)));
    }
    tx.takes(new long[] {Pointer.of(0, 1, 64), Pointer.of(0, 1, 128)}, 2);
    int first = 0x5EED_0001;
    int second = 0x7A11_0002;
    assertEquals(6, checkedRecords(tx.withCommit(1, first), first));
    tx.removeCommit();
    // A retry into another segment: the same records, salted for that one.
    assertEquals(6, checkedRecords(tx.withCommit(2, second), second));
    tx.removeCommit();
    tx.clear();
    // The next transaction of this buffer is sealed for the segment last written to.
    tx.put(Event.of(Map.of(), new byte[] {1, 2, 3}));
    assertEquals(2, checkedRecords(tx.withCommit(3, second), second));
  }

  /** Counts the records of {@code run}, asserting each one's stored checksum under {@code salt}. */
  private static int checkedRecords(ByteBuffer run, int salt) {
    int n = 0;
    for (int at = run.position(); at + LogRecord.HEADER <= run.limit();
        at += LogRecord.HEADER + run.getInt(at)) {
      int length = run.getInt(at);
      assertEquals(LogRecord.crc(run, at + LogRecord.HEADER, length, salt), run.getInt(at + 4),
          "record " + n + " at " + at);
      n++;
    }
    return n;
  }
}
