package io.sluice.rpc.server;

import io.netty.channel.Channel;

/**
 * Whether a connection reads: it stops (auto-read off) while any reason holds and resumes when
 * none does, so waiting for a call permit and waiting for the peer to read its replies never
 * undo each other. One instance per connection, used on its event loop only.
 */
final class ReadGate {
  static final int NO_PERMIT = 1;
  static final int UNWRITABLE = 2;
  static final int FAIR_SHARE = 4;

  private final Channel channel;
  private int reasons;

  ReadGate(Channel channel) {
    this.channel = channel;
  }

  void pause(int reason) {
    reasons |= reason;
    channel.config().setAutoRead(false);
  }

  void resume(int reason) {
    reasons &= ~reason;
    if (reasons == 0 && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }
}
