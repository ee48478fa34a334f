package io.sluice.core.agent;

/**
 * A unit the supervisor keeps running: a channel, a source with its runner, or a sink group with
 * its sinks and runner. {@code start} either fully starts or throws after undoing what it did;
 * {@code stop} is idempotent and never throws.
 */
interface Supervised {

  /** For logs: {@code source r1}, {@code sink group g1}. */
  String describe();

  void start() throws Exception;

  void stop();

  /** False when a started unit died (its runner thread ended) and must be restarted. */
  boolean healthy();
}
