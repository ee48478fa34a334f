package io.sluice.api;

/** The states the runtime tracks for each component. */
public enum LifecycleState {
  NEW,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED
}
