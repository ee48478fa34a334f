package io.sluice.aggregator.hdfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.security.PrivilegedExceptionAction;
import java.util.concurrent.Callable;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The identity every HDFS call of a sink runs as: the process's own user, or a Kerberos login
 * (possibly impersonating {@code hdfs.proxyUser}) whose {@code doAs} wraps each call. Thread-safe.
 */
interface HdfsUser {

  /** The process's own identity: calls run as they are. */
  HdfsUser PROCESS = new HdfsUser() {
    @Override
    public <T> Callable<T> wrap(Callable<T> call) {
      return call;
    }

    @Override
    public String toString() {
      return "the process's user";
    }
  };

  /** The call, run as this user. */
  <T> Callable<T> wrap(Callable<T> call);

  /** Runs one call as this user now. */
  default <T> T run(Callable<T> call) throws IOException {
    try {
      return wrap(call).call();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(e.getMessage());
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  /** Renews the login's ticket from its keytab when it is close to expiry; cheap otherwise. */
  default void renew() throws IOException {}

  /**
   * A Hadoop identity: {@code actor} is a Kerberos login, or a proxy user over a login or over the
   * process's user; {@code login} is renewed, null when there is no keytab login.
   */
  static HdfsUser of(KerberosLogin login, UserGroupInformation actor) {
    return new HdfsUser() {
      @Override
      public <T> Callable<T> wrap(Callable<T> call) {
        return () -> {
          try {
            return actor.doAs((PrivilegedExceptionAction<T>) call::call);
          } catch (UndeclaredThrowableException e) {
            throw e.getCause() instanceof Exception x ? x : e;
          }
        };
      }

      @Override
      public void renew() throws IOException {
        if (login != null) {
          login.renew();
        }
      }

      @Override
      public String toString() {
        return actor.getRealUser() == null ? actor.getUserName()
            : actor.getUserName() + " (proxied by " + actor.getRealUser().getUserName() + ")";
      }
    };
  }
}
