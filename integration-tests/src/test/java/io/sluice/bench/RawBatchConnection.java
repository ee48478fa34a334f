package io.sluice.bench;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's load generator: one blocking socket speaking Flume's Avro protocol, which
 * encodes its {@code appendBatch} frame once and then sends it again and again (a fresh serial
 * each time); the caller reads each reply before the next call, or keeps several in flight. It costs the machine a write and a read per
 * batch, so the CPU left on these two cores goes to the target being measured, whichever it is.
 * Not thread-safe: one thread per connection.
 */
final class RawBatchConnection implements AutoCloseable {
  /** A status reply after the handshake: empty metadata, no error, Status.OK. */
  private static final byte[] OK_REPLY = {0, 0, 0};
  private static final int HEADER = 8;

  private final AutoCloseable socket;
  private final int port;
  private final OutputStream out;
  private final DataInputStream in;
  private final int bufferBytes;
  private byte[] frame;
  private int serial;

  /**
   * @param busyPoll spin on a non-blocking socket ({@link BusyPollingSocket}) rather than block
   * @param bufferBytes split each call into buffers of this many bytes, as Flume's clients do
   *     (Avro's 8 KB); 0 for one buffer, as Sluice's client sends
   */
  RawBatchConnection(int port, List<Event> batch, boolean busyPoll, int bufferBytes)
      throws IOException {
    this(port, busyPoll, bufferBytes);
    frame = encode(batch);
  }

  /** A connection with no batch yet: {@link #send(List)} gives it one. */
  RawBatchConnection(int port, boolean busyPoll, int bufferBytes) throws IOException {
    this.port = port;
    this.bufferBytes = bufferBytes;
    InputStream input;
    if (busyPoll) {
      BusyPollingSocket s = new BusyPollingSocket(port);
      socket = s;
      out = s.output();
      input = s.input();
    } else {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
      s.setTcpNoDelay(true);
      socket = s;
      out = s.getOutputStream();
      input = s.getInputStream();
    }
    in = new DataInputStream(new BufferedInputStream(input, 1 << 16));
    handshake();
  }

  private byte[] encode(List<Event> batch) {
    ByteBuf call = Unpooled.buffer();
    AvroWriter w = new AvroWriter(call);
    CallCodec.writeCallHeader(w, CallCodec.APPEND_BATCH);
    EventCodec.writeEvents(w, batch);
    return frame(ByteBufUtil.getBytes(call), bufferBytes);
  }

  /**
   * Encodes {@code batch} (each event afresh, for loads whose bodies change) as the frame this
   * and later {@link #send()} calls send, and sends it; returns the call's serial.
   */
  int send(List<Event> batch) throws IOException {
    frame = encode(batch);
    return send();
  }

  /** Sends the batch without waiting (pipelining); returns the call's serial. */
  int send() throws IOException {
    int s = ++serial;
    frame[0] = (byte) (s >>> 24);
    frame[1] = (byte) (s >>> 16);
    frame[2] = (byte) (s >>> 8);
    frame[3] = (byte) s;
    out.write(frame);
    return s;
  }

  /**
   * Reads the next reply, whichever call it answers (a server may answer pipelined calls out of
   * order); returns its serial, negated when the answer was not OK.
   */
  int nextReply() throws IOException {
    int s = in.readInt();
    return Arrays.equals(readPayload(), OK_REPLY) ? s : -s;
  }

  private void handshake() throws IOException {
    byte[] hash = FlumeProtocol.md5();
    ByteBuf ping = Unpooled.buffer();
    AvroWriter w = new AvroWriter(ping);
    new HandshakeRequest(hash, FlumeProtocol.json(), hash).write(w);
    CallCodec.writeCallHeader(w, CallCodec.PING);
    out.write(frame(ByteBufUtil.getBytes(ping)));
    HandshakeResponse answer = HandshakeResponse.read(
        new AvroReader(Unpooled.wrappedBuffer(readReply(0))), 1 << 20);
    if (answer.match() == HandshakeMatch.NONE) {
      throw new IOException("port " + port + " refused the Flume protocol handshake");
    }
  }

  private static byte[] frame(byte[] payload) {
    return frame(payload, 0);
  }

  private static byte[] frame(byte[] payload, int bufferBytes) {
    int size = bufferBytes > 0 ? bufferBytes : Math.max(1, payload.length);
    int count = Math.max(1, (payload.length + size - 1) / size);
    ByteBuf f = Unpooled.buffer(HEADER + 4 * count + payload.length);
    f.writeInt(0).writeInt(count);
    for (int at = 0, i = 0; i < count; i++, at += size) {
      int length = Math.min(size, payload.length - at);
      f.writeInt(length).writeBytes(payload, at, length);
    }
    return ByteBufUtil.getBytes(f);
  }

  private byte[] readReply(int expectedSerial) throws IOException {
    int s = in.readInt();
    if (s != expectedSerial) {
      throw new IOException("reply serial " + s + ", expected " + expectedSerial);
    }
    return readPayload();
  }

  private byte[] readPayload() throws IOException {
    int count = in.readInt();
    byte[] all = new byte[0];
    for (int i = 0; i < count; i++) {
      byte[] part = new byte[in.readInt()];
      in.readFully(part);
      byte[] joined = Arrays.copyOf(all, all.length + part.length);
      System.arraycopy(part, 0, joined, all.length, part.length);
      all = joined;
    }
    return all;
  }

  @Override
  public void close() throws Exception {
    socket.close();
  }
}
