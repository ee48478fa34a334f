package io.sluice.api.spi;

import io.sluice.api.ChannelSelector;

/** Makes channel selectors; its keys are a source's {@code selector.*} keys. */
public interface ChannelSelectorFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.CHANNEL_SELECTOR;
  }

  /**
   * Returns the names of the source's channels this config refers to, so the runtime can report a
   * channel the selector names but the source is not wired to.
   */
  default java.util.Set<String> referencedChannels(C config) {
    return java.util.Set.of();
  }

  ChannelSelector create(C config, ChannelSelectorContext context) throws Exception;
}
