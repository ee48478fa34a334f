package io.sluice.core.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's MBeans, under Flume's names ({@code org.apache.flume.source:type=r1}, ...), so
 * jmx_exporter configs and JMX consoles made for Flume work unchanged. Owned by the agent:
 * {@link #sync} registers the components now configured and unregisters those a reload removed;
 * {@link #close} unregisters everything it registered, and only that.
 *
 * <p>Two agents in one JVM: the first to claim a name keeps Flume's plain name; a later agent whose
 * component has the same kind and name gets an {@code agent=<name>} key added
 * ({@code org.apache.flume.source:type=r1,agent=a2}), and {@code instance=<n>} too if even that is
 * taken (two agents with one name, as tests run them). Thread-safe.
 */
public final class AgentMBeans implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentMBeans.class);

  private final String agent;
  private final MBeanServer server;
  private final MetricsRegistry metrics;
  private final Map<String, ObjectName> registered = new HashMap<>();

  public AgentMBeans(String agent, MBeanServer server, MetricsRegistry metrics) {
    this.agent = agent;
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * Registers an MBean for each of {@code components} not yet registered; drops the others. The
   * list is read under this object's lock, so of two threads syncing at once the later one
   * registers the later state.
   */
  public synchronized void sync(Supplier<List<ComponentStatus>> current) {
    List<ComponentStatus> components = current.get();
    Set<String> wanted = new HashSet<>();
    for (ComponentStatus c : components) {
      wanted.add(c.group());
      if (!registered.containsKey(c.group())) {
        register(c);
      }
    }
    for (String group : Set.copyOf(registered.keySet())) {
      if (!wanted.contains(group)) {
        unregister(registered.remove(group));
      }
    }
  }

  /** The name a component's MBean got, or null when it has none. For tests and tools. */
  public synchronized ObjectName nameOf(ComponentKind kind, String component) {
    return registered.get(kind.group(component));
  }

  private void register(ComponentStatus c) {
    FlumeComponentMBean bean = new FlumeComponentMBean(c.kind(), metrics.find(c.group()));
    String base = c.kind().jmxDomain() + ":type=" + quoteIfNeeded(c.name());
    for (int instance = 1; instance < 100; instance++) {
      String name = switch (instance) {
        case 1 -> base;
        case 2 -> base + ",agent=" + quoteIfNeeded(agent);
        default -> base + ",agent=" + quoteIfNeeded(agent) + ",instance=" + instance;
      };
      try {
        ObjectName registeredName = server.registerMBean(bean, new ObjectName(name))
            .getObjectName();
        registered.put(c.group(), registeredName);
        if (instance > 1) {
          LOG.info("Agent {}: JMX name {} is taken by another agent in this JVM; using {}",
              agent, base, registeredName);
        }
        return;
      } catch (InstanceAlreadyExistsException taken) {
        // try the next, more specific name
      } catch (JMException e) {
        LOG.warn("Agent {}: cannot register the MBean of {} {}: {}", agent, c.kind().label(),
            c.name(), e.toString());
        return;
      }
    }
    LOG.warn("Agent {}: no free JMX name for {} {}", agent, c.kind().label(), c.name());
  }

  private void unregister(ObjectName name) {
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException gone) {
      // someone else removed it: nothing left to do
    } catch (JMException e) {
      LOG.warn("Agent {}: cannot unregister {}: {}", agent, name, e.toString());
    }
  }

  /** Flume writes names unquoted; quote only a name JMX would otherwise reject. */
  private static String quoteIfNeeded(String value) {
    try {
      new ObjectName("d:k=" + value);
      return value;
    } catch (MalformedObjectNameException e) {
      return ObjectName.quote(value);
    }
  }

  @Override
  public synchronized void close() {
    registered.values().forEach(this::unregister);
    registered.clear();
  }
}
