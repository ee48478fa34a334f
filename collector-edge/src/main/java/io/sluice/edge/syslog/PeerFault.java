package io.sluice.edge.syslog;

/** A peer broke the protocol; the message says how. Its connection is closed with one log line. */
final class PeerFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PeerFault(String message) {
    super(message, null, false, false);
  }
}
