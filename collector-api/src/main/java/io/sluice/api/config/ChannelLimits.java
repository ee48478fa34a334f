package io.sluice.api.config;

/** Implemented by a channel's typed config so the runtime can check batch sizes against it. */
public interface ChannelLimits {

  long capacity();

  int transactionCapacity();
}
