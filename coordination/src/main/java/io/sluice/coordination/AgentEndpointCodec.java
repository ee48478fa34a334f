package io.sluice.coordination;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a monitoring node: one UTF-8 JSON object,
 * {@code {"agent":"edge1","role":"edge","host":"10.0.0.7","port":41414,"pid":4711,
 * "version":"0.1.0"}}, aggregators adding {@code "tier"} and {@code "memberId"}. Read with the
 * same bounds as member nodes (anyone who can write ZooKeeper can write these). Stateless.
 */
public final class AgentEndpointCodec {
  /** The document as written: boxed, so a missing field is told from a default. */
  private record Document(String agent, String role, String host, Integer port, Long pid,
      String version, String tier, String memberId) {}

  private AgentEndpointCodec() {}

  public static byte[] encode(AgentEndpoint e) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("agent", e.agent());
    f.put("role", e.role().label());
    f.put("host", e.host());
    f.put("port", e.port());
    f.put("pid", e.pid());
    f.put("version", e.version());
    if (!e.tier().isEmpty()) {
      f.put("tier", e.tier());
      f.put("memberId", e.memberId());
    }
    try {
      return MemberCodec.JSON.writeValueAsBytes(f);
    } catch (IOException x) {
      throw new UncheckedIOException(x); // a map of strings and numbers always serialises
    }
  }

  /** @throws IllegalArgumentException saying what is missing or malformed */
  public static AgentEndpoint decode(byte[] data) {
    if (data == null || data.length > MemberCodec.MAX_BYTES) {
      throw new IllegalArgumentException("monitoring node holds " + (data == null ? 0
          : data.length) + " bytes, more than " + MemberCodec.MAX_BYTES);
    }
    Document d;
    try {
      d = MemberCodec.JSON.readValue(data, Document.class);
    } catch (IOException x) {
      throw new IllegalArgumentException("bad monitoring JSON: "
          + Member.printable(x.getMessage()), x);
    }
    if (d == null || d.agent() == null || d.role() == null || d.host() == null
        || d.port() == null) {
      throw new IllegalArgumentException("monitoring JSON lacks one of agent, role, host, port");
    }
    return new AgentEndpoint(d.agent(), AgentEndpoint.Role.parse(d.role()), d.host(), d.port(),
        d.pid() == null ? 0 : d.pid(), d.version(), d.tier(), d.memberId());
  }
}
