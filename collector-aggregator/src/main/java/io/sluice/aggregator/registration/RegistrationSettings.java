package io.sluice.aggregator.registration;

import io.sluice.coordination.ZkSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link AggregatorRegistration} announces and where. Immutable.
 *
 * @param zk how to reach ZooKeeper
 * @param tier the tier to join
 * @param sourceName the Avro source edges send to; empty means the agent's only Avro source
 * @param advertiseHost the address edges connect to; empty means the source's bind address, or this
 *     machine's host name when it binds a wildcard address
 * @param memberId the member id; empty means the agent's name
 * @param deregisterGrace how long to keep the port open after deregistering, so edges move away
 *     before it closes
 */
public record RegistrationSettings(
    ZkSettings zk,
    String tier,
    Optional<String> sourceName,
    Optional<String> advertiseHost,
    Optional<String> memberId,
    Duration deregisterGrace) {

  /** Edges hear of a change after ZooKeeper's notification plus their 200 ms debounce. */
  public static final Duration DEFAULT_DEREGISTER_GRACE = Duration.ofSeconds(1);

  public static RegistrationSettings of(ZkSettings zk, String tier) {
    return new RegistrationSettings(zk, tier, Optional.empty(), Optional.empty(), Optional.empty(),
        DEFAULT_DEREGISTER_GRACE);
  }

  public RegistrationSettings withSource(Optional<String> name) {
    return new RegistrationSettings(zk, tier, name, advertiseHost, memberId, deregisterGrace);
  }

  public RegistrationSettings withAdvertiseHost(Optional<String> host) {
    return new RegistrationSettings(zk, tier, sourceName, host, memberId, deregisterGrace);
  }

  public RegistrationSettings withMemberId(Optional<String> id) {
    return new RegistrationSettings(zk, tier, sourceName, advertiseHost, id, deregisterGrace);
  }

  public RegistrationSettings withDeregisterGrace(Duration grace) {
    return new RegistrationSettings(zk, tier, sourceName, advertiseHost, memberId, grace);
  }
}
