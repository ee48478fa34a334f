package io.sluice.it.flume;

import io.sluice.api.Event;
import io.sluice.testsupport.flume.FlumeJars;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Flume 1.11.0's client SDK ({@code RpcClientFactory}: default, failover and load-balancing
 * clients) in an isolated class loader over the Flume agent jars, used through reflection so its
 * Avro and Netty never meet ours. Not thread-safe.
 */
public final class FlumeSdkClients implements AutoCloseable {
  private final URLClassLoader loader;

  public FlumeSdkClients() throws IOException {
    loader = FlumeJars.isolated("flume-sdk-1.11", FlumeAgentProcess.libDir());
  }

  /** {@code RpcClientFactory.getInstance(properties)}. */
  public Client client(Properties props) throws Exception {
    return new Client(call(() -> Class.forName("org.apache.flume.api.RpcClientFactory", true, loader)
        .getMethod("getInstance", Properties.class).invoke(null, props)));
  }

  /** One Flume {@code RpcClient}. */
  public final class Client implements AutoCloseable {
    private final Object client;

    private Client(Object client) {
      this.client = client;
    }

    public void appendBatch(List<Event> events) throws Exception {
      Method withBody = Class.forName("org.apache.flume.event.EventBuilder", true, loader)
          .getMethod("withBody", byte[].class, Map.class);
      List<Object> flumeEvents = new ArrayList<>();
      for (Event e : events) {
        flumeEvents.add(withBody.invoke(null, e.getBody(), e.getHeaders()));
      }
      call(() -> rpcClient().getMethod("appendBatch", List.class).invoke(client, flumeEvents));
    }

    public void append(Event e) throws Exception {
      Object flumeEvent = Class.forName("org.apache.flume.event.EventBuilder", true, loader)
          .getMethod("withBody", byte[].class, Map.class).invoke(null, e.getBody(), e.getHeaders());
      call(() -> rpcClient().getMethod("append", Class.forName("org.apache.flume.Event", true,
          loader)).invoke(client, flumeEvent));
    }

    private Class<?> rpcClient() throws ClassNotFoundException {
      return Class.forName("org.apache.flume.api.RpcClient", true, loader);
    }

    @Override
    public void close() throws Exception {
      call(() -> rpcClient().getMethod("close").invoke(client));
    }
  }

  private Object call(FlumeJars.ReflectiveCall body) throws Exception {
    return FlumeJars.call(loader, body);
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
