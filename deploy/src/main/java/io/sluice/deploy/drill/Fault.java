package io.sluice.deploy.drill;

import java.io.IOException;

/**
 * One fault of a drill: what is done to the cluster at {@code --at}, and how it is undone
 * {@code --down} seconds later. Used from the drill's thread only.
 */
interface Fault {
  /** Injects the fault; returns what was done, for the drill's log ("SIGKILL agg1 (pid 4711)"). */
  String inject() throws IOException, InterruptedException;

  /** Undoes it; returns what was done ("restarted agg1"). */
  String restore() throws IOException, InterruptedException;
}
