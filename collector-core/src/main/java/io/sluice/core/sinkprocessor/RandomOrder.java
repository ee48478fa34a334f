package io.sluice.core.sinkprocessor;

import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A fresh random permutation per batch; the {@link Random} is injected so tests can seed it. */
public final class RandomOrder implements SinkOrder {
  private final Random random;

  public RandomOrder(Random random) {
    this.random = random;
  }

  @Override
  public List<Member> order(List<Member> available) {
    List<Member> out = new ArrayList<>(available);
    Collections.shuffle(out, random);
    return out;
  }
}
