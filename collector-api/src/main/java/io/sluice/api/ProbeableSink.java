package io.sluice.api;

/**
 * A sink whose peer can be checked without sending a batch. Sink processors probe a penalised
 * member in the background and let it rejoin only when the probe answers, instead of risking a
 * real batch (and a stall) on a peer that may still be dead.
 */
public interface ProbeableSink extends Sink {

  /**
   * Checks the peer (e.g. connects and handshakes) within the sink's own timeouts; true when it
   * answered. Called from a processor's probe thread, never concurrently with itself.
   */
  boolean probe();

  /** The peer this sink sends to, for logs ({@code host:port}). */
  String peer();
}
