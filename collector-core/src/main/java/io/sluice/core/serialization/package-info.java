/** Finding the serializer class a file-writing sink names in its {@code serializer} key. */
package io.sluice.core.serialization;
