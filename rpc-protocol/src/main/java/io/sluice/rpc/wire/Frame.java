package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One data pack: a call id and the concatenated buffers. Reference-counted through its payload:
 * whoever receives a Frame releases it (the encoder does so once the bytes are written, and Netty
 * does so if a write fails), so a payload never leaks when a connection dies mid-write.
 */
public record Frame(int serial, ByteBuf payload) implements ReferenceCounted {
  @Override
  public int refCnt() {
    return payload.refCnt();
  }

  @Override
  public Frame retain() {
    payload.retain();
    return this;
  }

  @Override
  public Frame retain(int increment) {
    payload.retain(increment);
    return this;
  }

  @Override
  public Frame touch() {
    payload.touch();
    return this;
  }

  @Override
  public Frame touch(Object hint) {
    payload.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return payload.release();
  }

  @Override
  public boolean release(int decrement) {
    return payload.release(decrement);
  }
}
