package io.sluice.core.processing.interceptor;

import static io.sluice.core.processing.interceptor.SequenceWindow.Seen.DUPLICATE;
import static io.sluice.core.processing.interceptor.SequenceWindow.Seen.FIRST;
import static io.sluice.core.processing.interceptor.SequenceWindow.Seen.LATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The range tracking of one stream: what is first, duplicate, late, and when a gap is counted. */
class SequenceWindowTest {

  @Test
  void inOrderNumbersAreAllFirstAndLeaveNoGap() {
    SequenceWindow w = new SequenceWindow(64);
    for (long n = 0; n < 1_000; n++) {
      assertEquals(FIRST, w.observe(n));
    }
    assertEquals(0, w.takeGaps());
    assertEquals(0, w.unseenInWindow());
    assertEquals(999, w.highest());
  }

  @Test
  void outOfOrderWithinTheWindowIsNeitherGapNorDuplicate() {
    SequenceWindow w = new SequenceWindow(256);
    List<Long> numbers = new ArrayList<>();
    for (long n = 0; n < 10_000; n++) {
      numbers.add(n);
    }
    // Shuffle within blocks of 100, as two load-balanced paths deliver batches out of order.
    Random r = new Random(7);
    for (int i = 0; i < numbers.size(); i += 100) {
      Collections.shuffle(numbers.subList(i, i + 100), r);
    }
    numbers.forEach(n -> assertEquals(FIRST, w.observe(n), "number " + n));
    assertEquals(0, w.takeGaps());
    assertEquals(0, w.unseenInWindow());
  }

  @Test
  void aNumberSeenTwiceInTheWindowIsADuplicate() {
    SequenceWindow w = new SequenceWindow(64);
    for (long n = 0; n < 100; n++) {
      w.observe(n);
    }
    assertEquals(DUPLICATE, w.observe(99));
    assertEquals(DUPLICATE, w.observe(40));
    assertEquals(FIRST, w.observe(100));
    assertEquals(0, w.takeGaps());
  }

  @Test
  void aMissingNumberIsAGapOnceItLeavesTheWindowAndLateIfItComesAfter() {
    SequenceWindow w = new SequenceWindow(64);
    for (long n = 0; n < 64; n++) {
      if (n != 10) {
        w.observe(n);
      }
    }
    assertEquals(0, w.takeGaps(), "10 is still in the window: it may yet come");
    assertEquals(1, w.unseenInWindow());
    w.observe(74); // the window is now 11..74; 64..73 are skipped but still inside
    assertEquals(1, w.takeGaps(), "10 left the window unseen");
    assertEquals(10, w.unseenInWindow(), "64..73 not seen yet");
    assertEquals(LATE, w.observe(10));
    for (long n = 64; n < 74; n++) {
      assertEquals(FIRST, w.observe(n));
    }
    assertEquals(0, w.unseenInWindow());
  }

  @Test
  void aJumpBeyondTheWindowCountsEverythingSkipped() {
    SequenceWindow w = new SequenceWindow(64);
    for (long n = 0; n < 10; n++) {
      w.observe(n);
    }
    w.observe(1_000_000);
    // 10..999_999 were never seen: those below the new window are gaps now, the rest unseen.
    assertEquals(1_000_000 - 10 - 63, w.takeGaps());
    assertEquals(63, w.unseenInWindow());
    assertEquals(DUPLICATE, w.observe(1_000_000));
  }

  @Test
  void theSizeMustBeAMultipleOf64() {
    assertThrows(IllegalArgumentException.class, () -> new SequenceWindow(100));
    assertThrows(IllegalArgumentException.class, () -> new SequenceWindow(0));
  }

  @Test
  void runsListWhatWasSeenInTheWindowWholeWordsAndSingleBitsAlike() {
    SequenceWindow w = new SequenceWindow(256);
    for (long n = 0; n < 300; n++) {
      if (n != 130 && (n < 200 || n > 263) && n != 5) {
        w.observe(n);
      }
    }
    // The window covers 44..299: 130 and 200..263 (a whole word) are missing in it.
    assertEquals(44, w.from());
    assertArrayEquals(new long[] {44, 129, 131, 199, 264, 299}, w.runs(10));
    assertNull(w.runs(2), "more runs than allowed");
  }

  @Test
  void aRestoredWindowCarriesOnAsTheOriginalWould() {
    SequenceWindow original = new SequenceWindow(128);
    Random r = new Random(3);
    for (int i = 0; i < 500; i++) {
      original.observe(r.nextInt(600));
    }
    SequenceWindow copy = new SequenceWindow(128);
    copy.restore(original.highest(), original.runs(1000), original.duplicates(), original.late());
    assertArrayEquals(original.runs(1000), copy.runs(1000));
    original.takeGaps();
    for (int i = 0; i < 500; i++) {
      long n = r.nextInt(800);
      assertEquals(original.observe(n), copy.observe(n), "number " + n);
    }
    assertEquals(original.takeGaps(), copy.takeGaps());
    assertEquals(original.duplicates(), copy.duplicates());
    assertEquals(original.late(), copy.late());
  }
}
