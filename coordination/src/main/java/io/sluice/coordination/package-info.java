/**
 * ZooKeeper coordination through Curator: aggregator membership, the topology document and its
 * history, the agent config provider (Flume's znode-per-agent layout), ACLs, and the local cache an
 * edge starts from when ZooKeeper is unreachable. Nothing outside this module (and the apps that
 * wire it in) talks to ZooKeeper. The layout and formats are described in docs/zookeeper.md.
 */
package io.sluice.coordination;
