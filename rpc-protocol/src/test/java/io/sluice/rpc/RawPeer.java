package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.wire.AvroReader;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.EventCodec;
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** A test peer speaking the Avro frame protocol byte by byte on a plain socket. */
final class RawPeer implements AutoCloseable {
  /** A status reply after the handshake: empty metadata, no error, Status.OK. */
  static final byte[] OK_REPLY = {0, 0, 0};
  /** The same with Status.FAILED (ordinal 1, zig-zag 2). */
  static final byte[] FAILED_REPLY = {0, 0, 2};

  final Socket socket;
  final DataOutputStream out;
  final DataInputStream in;

  /** @param receiveBuffer the socket's receive buffer, or 0 for the default */
  RawPeer(int port, int receiveBuffer) throws IOException {
    this(port, receiveBuffer, null);
  }

  /** @param localAddress the address to connect from (e.g. 127.0.0.2), or null for any */
  RawPeer(int port, int receiveBuffer, String localAddress) throws IOException {
    socket = new Socket();
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(localAddress, 0));
    }
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window stays small
    }
    socket.setSoTimeout(30_000); // bounds every wait for the server, never a sleep
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    out = new DataOutputStream(socket.getOutputStream());
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
  }

  /** Sends the Flume protocol handshake with a ping and checks the server accepts it. */
  RawPeer handshake() throws IOException {
    byte[] hash = FlumeProtocol.md5();
    ByteBuf ping = Unpooled.buffer();
    AvroWriter w = new AvroWriter(ping);
    new HandshakeRequest(hash, FlumeProtocol.json(), hash).write(w);
    CallCodec.writeCallHeader(w, CallCodec.PING);
    out.write(frame(0, ByteBufUtil.getBytes(ping)));
    assertEquals(0, in.readInt());
    assertEquals(1, in.readInt());
    byte[] reply = in.readNBytes(in.readInt());
    HandshakeResponse answer =
        HandshakeResponse.read(new AvroReader(Unpooled.wrappedBuffer(reply)), 1 << 20);
    assertNotEquals(HandshakeMatch.NONE, answer.match());
    return this;
  }

  /** An {@code appendBatch} call's payload. */
  static byte[] batchPayload(List<Event> events) {
    ByteBuf call = Unpooled.buffer();
    AvroWriter w = new AvroWriter(call);
    CallCodec.writeCallHeader(w, CallCodec.APPEND_BATCH);
    EventCodec.writeEvents(w, events);
    return ByteBufUtil.getBytes(call);
  }

  /** A frame of one buffer. */
  static byte[] frame(int serial, byte[] payload) {
    ByteBuf f = Unpooled.buffer(12 + payload.length);
    f.writeInt(serial).writeInt(1).writeInt(payload.length).writeBytes(payload);
    return ByteBufUtil.getBytes(f);
  }

  /** A frame of buffers of at most {@code bufferBytes} each, as Flume's clients send (8 KB). */
  static byte[] frame(int serial, byte[] payload, int bufferBytes) {
    int count = Math.max(1, (payload.length + bufferBytes - 1) / bufferBytes);
    ByteBuf f = Unpooled.buffer(8 + 4 * count + payload.length);
    f.writeInt(serial).writeInt(count);
    for (int at = 0, i = 0; i < count; i++, at += bufferBytes) {
      int length = Math.min(bufferBytes, payload.length - at);
      f.writeInt(length).writeBytes(payload, at, length);
    }
    return ByteBufUtil.getBytes(f);
  }

  /** Sends one {@code appendBatch} and checks that it is answered OK. */
  void call(int serial, List<Event> events) throws IOException {
    out.write(frame(serial, batchPayload(events)));
    assertOkReply(serial);
  }

  void assertOkReply(int serial) throws IOException {
    assertArrayEquals(OK_REPLY, reply(serial), "reply to call " + serial);
  }

  /** Reads the one-buffer reply to call {@code serial} and returns its payload. */
  byte[] reply(int serial) throws IOException {
    assertEquals(serial, in.readInt(), "reply serial");
    assertEquals(1, in.readInt(), "buffer count of the reply to call " + serial);
    return in.readNBytes(in.readInt());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
