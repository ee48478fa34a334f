package io.sluice.kafka;

import io.sluice.api.SmallHeaderMap;
import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The headers the Kafka source gives a consumed record's event when no {@code header.*} mapping
 * applies, in Flume's order: {@code timestamp}, the topic under {@code topicHeader} (when set),
 * {@code partition}, {@code offset} and {@code key} (when the record has one). One object: the
 * offset is kept as a number and its text made only when read, the other values are strings the
 * decoder shares between records. An event waiting in a memory channel then holds this map and its
 * body, not a map, an array and an offset string: fewer and smaller objects for a young collection
 * to copy. The first change or iteration (put, remove, clear, the entry set and everything built on
 * it) turns it into a {@link SmallHeaderMap} of the same entries in the same order, which then
 * serves every call; {@link #forEach} walks the fields without that copy, so an encoder (an
 * {@code AvroFlumeEvent}'s size, then its bytes) makes none. Otherwise a {@code Map} like any
 * other (equals and hashCode by entries). Not thread-safe.
 */
final class RecordHeaderMap extends AbstractMap<String, String> {
  private final String timestamp;
  /** Null when the source does not set the topic header. */
  private final String topicHeader;
  private final String topic;
  private final String partition;
  private final long offset;
  /** Null when the record has no key: no entry then. */
  private final String key;
  /** Made when first read: read twice (an encoder's size, then its write), made once. */
  private String offsetText;
  /** Null until the first change; then the map's entries. */
  private SmallHeaderMap changed;

  /**
   * @param topicHeader the topic header's name, or null for none; none of the other four names
   * @param key the record's key, or null for no {@code key} entry
   */
  RecordHeaderMap(String timestamp, String topicHeader, String topic, String partition, long offset, String key) {
    this.timestamp = timestamp;
    this.topicHeader = topicHeader;
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
  }

  /** Whether {@code name} can be the topic header's name here (it must not shadow another entry). */
  static boolean fitsTopicHeader(String name) {
    return !name.equals(RecordDecoder.TIMESTAMP) && !name.equals(RecordDecoder.PARTITION)
        && !name.equals(RecordDecoder.OFFSET) && !name.equals(RecordDecoder.KEY);
  }

  private int fixedSize() {
    return 3 + (topicHeader == null ? 0 : 1) + (key == null ? 0 : 1);
  }

  /** The fixed entries' names by position, in Flume's order. */
  private String nameAt(int i) {
    if (topicHeader == null && i > 0) {
      i++;
    }
    return switch (i) {
      case 0 -> RecordDecoder.TIMESTAMP;
      case 1 -> topicHeader;
      case 2 -> RecordDecoder.PARTITION;
      case 3 -> RecordDecoder.OFFSET;
      default -> RecordDecoder.KEY;
    };
  }

  /** The fixed entries' values by position, as {@link #nameAt}. */
  private String valueAt(int i) {
    if (topicHeader == null && i > 0) {
      i++;
    }
    return switch (i) {
      case 0 -> timestamp;
      case 1 -> topic;
      case 2 -> partition;
      case 3 -> offsetText();
      default -> key;
    };
  }

  private String offsetText() {
    if (offsetText == null) {
      offsetText = Long.toString(offset);
    }
    return offsetText;
  }

  /** A fixed entry's value, or null when {@code name} is not one of them. */
  private String fixedValue(Object name) {
    if (RecordDecoder.TIMESTAMP.equals(name)) {
      return timestamp;
    }
    if (RecordDecoder.OFFSET.equals(name)) {
      return offsetText();
    }
    if (RecordDecoder.PARTITION.equals(name)) {
      return partition;
    }
    if (topicHeader != null && topicHeader.equals(name)) {
      return topic;
    }
    return RecordDecoder.KEY.equals(name) ? key : null;
  }

  private SmallHeaderMap change() {
    if (changed == null) {
      int n = fixedSize();
      SmallHeaderMap map = new SmallHeaderMap(n + 1);
      for (int i = 0; i < n; i++) {
        map.append(nameAt(i), valueAt(i));
      }
      changed = map;
    }
    return changed;
  }

  @Override
  public int size() {
    return changed != null ? changed.size() : fixedSize();
  }

  @Override
  public boolean containsKey(Object name) {
    return changed != null ? changed.containsKey(name) : fixedValue(name) != null;
  }

  @Override
  public String get(Object name) {
    return changed != null ? changed.get(name) : fixedValue(name);
  }

  @Override
  public String put(String name, String value) {
    return change().put(name, value);
  }

  @Override
  public String remove(Object name) {
    return change().remove(name);
  }

  @Override
  public void clear() {
    change().clear();
  }

  /** The entries in Flume's order, read from the fields until the map changes. */
  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    if (changed != null) {
      changed.forEach(action);
      return;
    }
    int n = fixedSize();
    for (int i = 0; i < n; i++) {
      action.accept(nameAt(i), valueAt(i));
      if (changed != null) {
        throw new ConcurrentModificationException();
      }
    }
  }

  /**
   * The entries, through the changed map: an event is iterated when it leaves the channel (an
   * encoder, a serializer), so the single-object form only has to last while it waits there.
   */
  @Override
  public Set<Entry<String, String>> entrySet() {
    return change().entrySet();
  }
}
