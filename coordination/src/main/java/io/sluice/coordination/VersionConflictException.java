package io.sluice.coordination;

/**
 * A topology push lost a compare-and-set: the document was edited from {@link #expected} but the
 * stored one is now {@link #actual}.
 */
public class VersionConflictException extends Exception {
  private static final long serialVersionUID = 1L;
  private final long expected;
  private final long actual;

  public VersionConflictException(long expected, long actual) {
    super("topology version conflict: the pushed document was edited from version " + expected
        + " but the current version is " + actual + "; someone else pushed in between. Run"
        + " 'sluice topology show', re-apply your change to version " + actual + " and push again");
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
