package io.sluice.rpc.wire;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class AvroReaderTest {
  @Test
  void aBlockCountOfLongMinValueIsRefused() {
    ByteBuf buf = Unpooled.buffer();
    new AvroWriter(buf).writeLong(Long.MIN_VALUE).writeLong(0);
    // negated it stays negative, which would pass as "no items" and desynchronise the decoder
    assertThrows(PeerViolationException.class,
        () -> new AvroReader(buf).readBlockCount("headers", 2));
  }
}
