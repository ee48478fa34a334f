package io.sluice.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One unit of work against a {@link Channel}: every put and take between {@link #begin()} and
 * {@link #commit()} becomes visible atomically, or not at all after {@link #rollback()}.
 *
 * <p>Thread-confined: a transaction is used only by the thread that obtained it. Use it as
 * try-with-resources; unlike Flume, {@link #close()} on a transaction that was begun but neither
 * committed nor rolled back rolls it back instead of throwing, so a failure in the body is never
 * hidden by a second one from {@code close}.
 */
public interface Transaction extends AutoCloseable {

  void begin();

  /**
   * Stages an event. Throws {@link ChannelException} for too many puts for the channel's transaction
   * capacity; a channel may also refuse here with {@link ChannelFullException}, though most check
   * room at {@link #commit()}.
   */
  void put(Event event);

  default void putAll(List<Event> events) {
    for (Event e : events) {
      put(e);
    }
  }

  /** Takes the next event, or returns null when the channel stays empty for its keep-alive. */
  Event take();

  /** Takes up to {@code max} events, fewer (possibly none) when the channel runs dry. */
  default List<Event> take(int max) {
    List<Event> out = new ArrayList<>(Math.min(max, 1024));
    for (int i = 0; i < max; i++) {
      Event e = take();
      if (e == null) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  /**
   * Makes the puts and takes permanent. Throws {@link ChannelFullException} (naming the channel)
   * when the puts do not fit within the channel's keep-alive; the transaction then stays open for
   * the caller to roll back.
   */
  void commit();

  /**
   * Commits as {@link #commit()} does, but only if that needs no waiting (for room, a disk or
   * anything else), for callers on threads that must never block, such as a network I/O thread.
   * Returns true when committed; false when committing would wait, having changed nothing: the
   * transaction stays open for the caller to roll back. Puts that could never fit throw as {@link
   * #commit()} does, without waiting. Channels that cannot commit without waiting
   * (see {@link Channel#canCommitNow()}) keep this default, which always returns false.
   */
  default boolean commitNow() {
    return false;
  }

  void rollback();

  /** Ends the transaction; rolls back first if it is still open. Never throws a state error. */
  @Override
  void close();
}
