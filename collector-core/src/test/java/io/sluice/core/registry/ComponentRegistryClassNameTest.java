package io.sluice.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.spi.ComponentKind;
import io.sluice.core.testutil.NotToBeInitialised;
import org.junit.jupiter.api.Test;

/** A class name in a config is checked without running the class's static initialiser. */
class ComponentRegistryClassNameTest {
  @Test
  void aClassThatIsNoComponentIsRefusedWithoutBeingInitialised() {
    String name = NotToBeInitialised.class.getName();
    ComponentRegistry.Lookup l = ComponentRegistry.fromContextClassLoader()
        .lookup(ComponentKind.SOURCE, name);
    assertEquals("class '" + name + "' is not a source known to Sluice: name a registered type or"
        + " a class implementing io.sluice.api.spi.ComponentFactory", l.error());
  }
}
