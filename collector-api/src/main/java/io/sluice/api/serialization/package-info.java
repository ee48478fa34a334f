/**
 * Event serializers that a file-writing sink ({@code hdfs}, {@code file_roll}) takes by class name
 * in its {@code serializer} key, and the SPI that resolves such a name (the Flume-API adapter
 * resolves classes built against Flume's {@code EventSerializer.Builder}).
 */
package io.sluice.api.serialization;
