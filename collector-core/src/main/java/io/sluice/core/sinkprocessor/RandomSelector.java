package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Tries the members in a fresh random order for every batch. Thread-safe. */
public final class RandomSelector implements SinkSelector {
  private final Random random;

  public RandomSelector(Random random) {
    this.random = random;
  }

  @Override
  public List<Member> order(List<Member> available) {
    List<Member> out = new ArrayList<>(available);
    synchronized (random) {
      Collections.shuffle(out, random);
    }
    return out;
  }
}
