/** Finding component factories by kind and type name (ServiceLoader, aliases, class names). */
package io.sluice.core.registry;
