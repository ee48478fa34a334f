package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.security.AccessControlContext;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.time.Clock;
import java.util.Date;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One principal logged in from its keytab, shared by every sink of the process that uses it.
 * {@link #renew()} logs in again from the keytab once the ticket is close to its end (Hadoop's
 * {@code checkTGTAndReloginFromKeytab}: past 80% of its life). Thread-safe.
 */
final class KerberosLogin {
  private static final Logger LOG = LoggerFactory.getLogger(KerberosLogin.class);
  /** Warn in the log when the ticket has less than this left and a renewal has not happened. */
  private static final long WARN_SECONDS = 600;

  private final String principal;
  private final String keytab;
  private final UserGroupInformation ugi;
  private volatile boolean renewFailing;

  KerberosLogin(String principal, String keytab, UserGroupInformation ugi) {
    this.principal = principal;
    this.keytab = keytab;
    this.ugi = ugi;
  }

  String principal() {
    return principal;
  }

  String keytab() {
    return keytab;
  }

  UserGroupInformation ugi() {
    return ugi;
  }

  /**
   * Renews from the keytab when due. A failed renewal (say the KDC is down) is logged and the
   * ticket still in hand is used; only once it has ended does this fail (the batch is retried).
   * Hadoop skips a renewal tried less than {@code hadoop.kerberos.min.seconds.before.relogin} ago
   * without an error, so success is judged by the ticket held afterwards.
   */
  void renew() throws IOException {
    IOException failure = null;
    try {
      ugi.checkTGTAndReloginFromKeytab();
    } catch (IOException e) {
      failure = e;
    }
    long left = secondsToExpiry(Clock.systemUTC());
    if (failure == null && left > 0) {
      if (renewFailing) {
        LOG.info("Kerberos login of {} renewed from {}", principal, keytab);
      }
      renewFailing = false;
      if (left < WARN_SECONDS) {
        LOG.warn("Kerberos ticket of {} expires in {}s and was not renewed from keytab {}",
            principal, left, keytab);
      }
      return;
    }
    renewFailing = true;
    if (failure != null) {
      LOG.warn("Kerberos login of {} could not be renewed from keytab {} ({}s of ticket left): {}",
          principal, keytab, left, failure.toString());
    }
    if (left <= 0) {
      throw new IOException("the Kerberos ticket of " + principal + " has ended and renewing it "
          + "from keytab " + keytab + " failed: "
          + (failure == null ? "no new ticket yet" : failure.getMessage()), failure);
    }
  }

  /** Seconds until the ticket-granting ticket ends; -1 when there is none. */
  long secondsToExpiry(Clock clock) {
    KerberosTicket tgt = tgt();
    if (tgt == null) {
      return -1;
    }
    Date end = tgt.getEndTime();
    return end == null ? -1 : Math.max(0, (end.getTime() - clock.millis()) / 1000);
  }

  /** True while the login holds a ticket that has not ended. */
  boolean loggedIn(Clock clock) {
    return secondsToExpiry(clock) > 0;
  }

  @SuppressWarnings("removal") // UGI offers no public view of its ticket; the Subject does
  private KerberosTicket tgt() {
    Subject subject = ugi.doAs((PrivilegedAction<Subject>) () -> {
      AccessControlContext acc = AccessController.getContext();
      return Subject.getSubject(acc);
    });
    if (subject == null) {
      return null;
    }
    KerberosTicket newest = null;
    for (KerberosTicket t : subject.getPrivateCredentials(KerberosTicket.class)) {
      if (t.getServer().getName().startsWith("krbtgt/") && (newest == null
          || t.getEndTime().after(newest.getEndTime()))) {
        newest = t;
      }
    }
    return newest;
  }
}
