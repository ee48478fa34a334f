/**
 * {@code sluice status} and {@code sluice top}: the whole cluster in one table, read from the
 * monitoring addresses agents record in ZooKeeper and from each agent's {@code /status} and
 * {@code /metrics}. Kept apart from the launcher; nothing here runs inside an agent.
 */
package io.sluice.deploy.status;
