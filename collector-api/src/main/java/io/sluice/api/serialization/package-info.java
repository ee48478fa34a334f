/**
 * Event serializers that a file-writing sink ({@code hdfs}, {@code file_roll}) takes by class name
 * in its {@code serializer} key, event deserializers that the {@code spooldir} source takes by
 * class name in its {@code deserializer} key, and the SPIs that resolve such names (the Flume-API
 * adapter resolves classes built against Flume's {@code EventSerializer.Builder} and
 * {@code EventDeserializer.Builder}).
 */
package io.sluice.api.serialization;
