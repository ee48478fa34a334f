package io.sluice.api;

/** Result of one step of a sink, sink processor or pollable source. */
public enum Status {
  /** Work was done (or may be available); call again at once. */
  READY,
  /** Nothing to do right now; the runner backs off before calling again. */
  BACKOFF
}
