package io.sluice.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A mutable map of an event's few headers kept as name/value pairs in one array, searched
 * linearly: for the handful of headers a JSON event or a consumed Kafka record carries, one object
 * and one array instead of a {@code HashMap}'s table and a node per entry, filled without hashing.
 * Fewer and smaller objects per event also make a young collection copying a channel's live events
 * cheaper. Iterates in insertion order; null names and values are allowed, as in {@code HashMap}.
 * Sources and rpc-protocol's event decoder use it for up to {@link #MAX_BUILT} headers (more get a
 * {@code HashMap}); it stays correct, only slower, if a downstream component puts many more. Next
 * to {@link SimpleEvent} so that every module that builds events can use it. Not thread-safe.
 */
public final class SmallHeaderMap extends AbstractMap<String, String> {
  /** The most entries the reader builds one of; a linear search beyond that loses to hashing. */
  public static final int MAX_BUILT = 8;

  private Object[] pairs;
  private int size;
  private int modCount;

  /** An empty map with room for {@code capacity} entries before it grows. */
  public SmallHeaderMap(int capacity) {
    pairs = new Object[2 * Math.max(1, capacity)];
  }

  /**
   * Appends an entry whose name the caller knows is not in the map yet: no search (the reader's
   * names of one object, once it has dropped repeated ones).
   */
  public void append(String name, String value) {
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, pairs.length * 2);
    }
    pairs[2 * size] = name;
    pairs[2 * size + 1] = value;
    size++;
    modCount++;
  }

  private int indexOf(Object name) {
    for (int i = 0; i < size; i++) {
      Object k = pairs[2 * i];
      if (k == name || (name != null && name.equals(k))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public String get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : (String) pairs[2 * i + 1];
  }

  @Override
  public String put(String name, String value) {
    int i = indexOf(name);
    if (i >= 0) {
      String old = (String) pairs[2 * i + 1];
      pairs[2 * i + 1] = value;
      return old;
    }
    append(name, value);
    return null;
  }

  @Override
  public String remove(Object name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    String old = (String) pairs[2 * i + 1];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (size - i - 1));
    size--;
    pairs[2 * size] = null;
    pairs[2 * size + 1] = null;
    modCount++;
  }

  @Override
  public void clear() {
    Arrays.fill(pairs, 0, 2 * size, null);
    size = 0;
    modCount++;
  }

  /** In insertion order, from the array: no entry object per header (an encoder's walk). */
  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    int expected = modCount;
    for (int i = 0; i < size; i++) {
      action.accept((String) pairs[2 * i], (String) pairs[2 * i + 1]);
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public void clear() {
        SmallHeaderMap.this.clear();
      }

      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;
          private int last = -1;
          private int expected = modCount;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, String> next() {
            if (expected != modCount) {
              throw new ConcurrentModificationException();
            }
            if (next >= size) {
              throw new NoSuchElementException();
            }
            last = next++;
            return new PairEntry((String) pairs[2 * last], last);
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            if (expected != modCount) {
              throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modCount;
          }
        };
      }
    };
  }

  /** The entry at one place; its value is live (setValue writes through) until the map changes. */
  private final class PairEntry implements Entry<String, String> {
    private final String key;
    private final int at;

    PairEntry(String key, int at) {
      this.key = key;
      this.at = at;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public String getValue() {
      return (String) pairs[2 * at + 1];
    }

    @Override
    public String setValue(String value) {
      String old = getValue();
      pairs[2 * at + 1] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
          && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return getKey() + "=" + getValue();
    }
  }
}
