package io.sluice.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;

/**
 * One component's counters as a read-only MBean with Flume's attribute names and types: counts are
 * {@code long}, {@code ChannelFillPercentage} a {@code double} (0-100), {@code Type} a string, and
 * the file channel's {@code Open} a boolean with {@code Closed}/{@code Unhealthy} ints. A name
 * Flume lists that the component never counted reads 0, as in Flume; any other counter or gauge the
 * component has is exposed too, as a {@code long}. Values are read live from the agent's registry.
 */
final class FlumeComponentMBean implements DynamicMBean {
  private static final String LONG = "long";

  private final ComponentKind kind;
  private final ComponentMetricsGroup group;

  FlumeComponentMBean(ComponentKind kind, ComponentMetricsGroup group) {
    this.kind = kind;
    this.group = group;
  }

  @Override
  public Object getAttribute(String name) throws AttributeNotFoundException {
    Map<String, Object> all = values();
    if (!all.containsKey(name)) {
      throw new AttributeNotFoundException(kind.flumeType() + " has no attribute " + name);
    }
    return all.get(name);
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    Map<String, Object> all = values();
    AttributeList out = new AttributeList();
    for (String n : names) {
      if (all.containsKey(n)) {
        out.add(new Attribute(n, all.get(n)));
      }
    }
    return out;
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    List<MBeanAttributeInfo> attrs = new ArrayList<>();
    values().forEach((n, v) -> attrs.add(new MBeanAttributeInfo(n, javaType(v), n, true, false,
        v instanceof Boolean)));
    return new MBeanInfo(FlumeComponentMBean.class.getName(), kind.flumeType() + " counters",
        attrs.toArray(MBeanAttributeInfo[]::new), null, new MBeanOperationInfo[0], null);
  }

  private Map<String, Object> values() {
    return FlumeValues.of(kind, group);
  }

  private static String javaType(Object v) {
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof Integer) {
      return "int";
    }
    if (v instanceof Double) {
      return "double";
    }
    return v instanceof String ? String.class.getName() : LONG;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException(attribute.getName() + " is read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException(action + ": the counters have no operations");
  }
}
