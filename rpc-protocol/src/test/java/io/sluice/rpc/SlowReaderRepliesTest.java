package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.wire.AvroReader;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.EventCodec;
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that pipelines many calls and reads no reply until it has sent them all: the server's
 * replies outgrow the socket buffers, so handler threads writing replies straight to the socket
 * must hand the rest to the I/O thread without losing, reordering or splicing bytes.
 */
class SlowReaderRepliesTest {
  private static final int CALLS = 20_000;
  /** A status reply after the handshake: empty metadata, no error, Status.OK. */
  private static final byte[] OK_REPLY = {0, 0, 0};

  private static final String REPLY_WRITER = "io.sluice.rpc.server.ReplyWriter";

  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;
  private LogCapture log;
  private Level replyWriterLevel;

  @BeforeEach
  void start() throws Exception {
    // Small socket buffers on both ends, so the replies (300 KB) cannot all fit in them.
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").sendBufferBytes(8192)
        .build(), handler).start();
    replyWriterLevel = LogManager.getLogger(REPLY_WRITER).getLevel();
    Configurator.setLevel(REPLY_WRITER, Level.DEBUG);
    log = LogCapture.capture(Level.DEBUG);
  }

  @AfterEach
  void stop() {
    log.close();
    Configurator.setLevel(REPLY_WRITER, replyWriterLevel);
    server.close();
  }

  @Test
  void everyReplyArrivesWholeWhenThePeerReadsThemLate() throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096); // before connecting, so the window stays small
      s.setSoTimeout(30_000);
      s.connect(new InetSocketAddress("127.0.0.1", server.boundPort()));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      handshake(out, in);

      byte[] call = callPayload();
      for (int serial = 1; serial <= CALLS; serial++) {
        writeFrame(out, serial, call);
      }
      out.flush();

      BitSet answered = new BitSet();
      for (int i = 0; i < CALLS; i++) {
        int serial = in.readInt();
        assertEquals(1, in.readInt(), "buffer count of the reply to call " + serial);
        byte[] payload = in.readNBytes(in.readInt());
        assertArrayEquals(OK_REPLY, payload, "reply to call " + serial);
        assertNotEquals(true, answered.get(serial), "call " + serial + " answered twice");
        answered.set(serial);
      }
      assertEquals(CALLS, answered.cardinality());
      assertEquals(1, answered.nextSetBit(0));
      assertEquals(CALLS, handler.batches.size());
      assertFalse(log.linesContaining("is slow to read its replies").isEmpty(),
          "the socket never filled up: the test did not exercise replies through the I/O thread");
    }
  }

  private static void handshake(DataOutputStream out, DataInputStream in) throws IOException {
    byte[] hash = FlumeProtocol.md5();
    ByteBuf ping = Unpooled.buffer();
    AvroWriter w = new AvroWriter(ping);
    new HandshakeRequest(hash, FlumeProtocol.json(), hash).write(w);
    CallCodec.writeCallHeader(w, CallCodec.PING);
    writeFrame(out, 0, ByteBufUtil.getBytes(ping));
    out.flush();
    assertEquals(0, in.readInt());
    assertEquals(1, in.readInt());
    byte[] reply = in.readNBytes(in.readInt());
    HandshakeResponse answer =
        HandshakeResponse.read(new AvroReader(Unpooled.wrappedBuffer(reply)), 1 << 20);
    assertNotEquals(HandshakeMatch.NONE, answer.match());
  }

  private static byte[] callPayload() {
    ByteBuf call = Unpooled.buffer();
    AvroWriter w = new AvroWriter(call);
    CallCodec.writeCallHeader(w, CallCodec.APPEND_BATCH);
    EventCodec.writeEvents(w, List.of(Event.of(Map.of("k", "v"), new byte[] {1, 2, 3})));
    return ByteBufUtil.getBytes(call);
  }

  private static void writeFrame(DataOutputStream out, int serial, byte[] payload)
      throws IOException {
    out.writeInt(serial);
    out.writeInt(1);
    out.writeInt(payload.length);
    out.write(payload);
  }
}
