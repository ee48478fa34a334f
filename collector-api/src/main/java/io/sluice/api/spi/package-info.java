/** The component-factory SPI: factories per component kind and the contexts they create with. */
package io.sluice.api.spi;
