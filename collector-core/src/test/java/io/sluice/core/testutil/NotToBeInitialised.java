package io.sluice.core.testutil;

/**
 * A class a config may name by mistake (or malice) whose static initialiser must never run just
 * because its name was checked: running it fails loudly.
 */
public final class NotToBeInitialised {
  static {
    if (Boolean.parseBoolean("true")) {
      throw new IllegalStateException("NotToBeInitialised was initialised");
    }
  }

  private NotToBeInitialised() {}
}
