package io.sluice.edge.syslog;

import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigValues;
import io.sluice.rpc.tls.ServerTls;
import java.nio.charset.Charset;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.LoggerFactory;

/** The keys the three syslog sources share, and how they become a {@link SyslogSourceConfig}. Stateless. */
final class SyslogKeys {
  /** Flume's SyslogUtils.MIN_SIZE: a smaller eventSize is raised to it. */
  static final int MIN_EVENT_SIZE = 10;
  /** The largest UDP payload. */
  static final int MAX_DATAGRAM = 65_535;

  static final ConfigKey<String> HOST = ConfigKey.string("host")
      .doc("Address to listen on; unset listens on every address");
  static final ConfigKey<String> BIND = ConfigKey.ignored("bind", "Flume's syslog sources read 'host',"
      + " not 'bind', so Flume listens on every address here and so does Sluice; use 'host'");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  static final ConfigKey<List<String>> PORTS = ConfigKey.list("ports").required()
      .check(l -> !l.isEmpty() && l.stream().allMatch(SyslogKeys::isPort), "ports 0..65535, space-separated")
      .doc("Ports to listen on (space-separated)");
  static final ConfigKey<Integer> EVENT_SIZE = ConfigKey.integer("eventSize").defaultValue(2500)
      .atLeast(1).doc("Longest message in bytes; a longer one is cut there and marked Incomplete"
          + " (values under 10 count as 10, as in Flume); syslogudp: unset means whole datagrams,"
          + " up to 65535");
  static final ConfigKey<String> KEEP_FIELDS = ConfigKey.string("keepFields").defaultValue("none")
      .doc("none, all, or any of priority version timestamp hostname: header fields kept in the body");
  static final ConfigKey<String> CLIENT_IP_HEADER = ConfigKey.string("clientIPHeader")
      .doc("Header to put the sender's IP address in");
  static final ConfigKey<String> CLIENT_HOSTNAME_HEADER = ConfigKey.string("clientHostnameHeader")
      .doc("Header to put the sender's host name in (a reverse DNS lookup)");
  static final ConfigKey<String> PORT_HEADER = ConfigKey.string("portHeader")
      .doc("Header to put the local port a message arrived on in");
  static final ConfigKey<String> CHARSET_DEFAULT = ConfigKey.string("charset.default")
      .defaultValue("UTF-8").check(SyslogKeys::isCharset, "a charset this JVM supports")
      .doc("Charset of the messages");
  static final ConfigPrefix<String> CHARSET_PORT = ConfigPrefix.strings("charset.port.")
      .doc("charset.port.<port>: charset of the messages on that port");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
      .atLeast(1).doc("Most events per channel transaction");
  static final ConfigKey<Integer> READ_BUFFER_SIZE = ConfigKey.integer("readBufferSize")
      .defaultValue(1024).atLeast(1).doc("First size of a connection's read buffer in bytes (it grows"
          + " with the traffic)");
  // Flume's MultiportSyslogTCPSource reads readBufferBytes while its user guide documents
  // readBufferSize, so configs in the wild use either.
  static final ConfigKey<Integer> READ_BUFFER_BYTES = ConfigKey.integer("readBufferBytes").atLeast(1)
      .doc("Same as readBufferSize (the name Flume's code reads)");
  static final ConfigKey<Integer> NUM_PROCESSORS = ConfigKey.integer("numProcessors").atLeast(1)
      .doc("I/O threads; unset: the number of processors");
  static final ConfigKey<Boolean> STRUCTURED_HEADERS = ConfigKey.bool("structuredHeaders")
      .defaultValue(false).doc("Sluice: put RFC 5424's APP-NAME, PROCID, MSGID, structured data and"
          + " the timestamp as sent in syslog.* headers, and only MSG in the body");
  static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("max-connections")
      .defaultValue(4096).atLeast(1).doc("Sluice: more connections than this are closed on accept");
  static final ConfigKey<Integer> IDLE_TIMEOUT = ConfigKey.integer("idle-timeout").defaultValue(60)
      .atLeast(0).doc("Sluice: seconds a half-sent message may stall before its connection is"
          + " closed; 0 disables");

  static final ConfigKey<String> FORMAT_REGEX = ConfigKey.string("format.regex")
      .doc("A Java regex for a custom message format, tried first on messages with a valid <PRI>;"
          + " it must match the whole message, <PRI> included; groups 1-5 are priority, version,"
          + " timestamp, host and body (Flume's SyslogUtils)");
  static final ConfigKey<String> FORMAT_SEARCH = ConfigKey.string("format.search")
      .doc("A Java regex replaced in the custom format's timestamp before it is read (needs"
          + " format.replace)");
  static final ConfigKey<String> FORMAT_REPLACE = ConfigKey.string("format.replace")
      .doc("The replacement for format.search ($1 names its first group)");
  static final ConfigKey<String> FORMAT_DATE_FORMAT = ConfigKey.string("format.dateFormat")
      .doc("SimpleDateFormat pattern the custom format's timestamp is read with, in the agent's"
          + " zone and locale; unset: no timestamp header");
  private static final String MULTIPORT_FORMAT = "Flume's multiport_syslogtcp does not read format.*"
      + " (only syslogtcp and syslogudp do), so messages are read as RFC 5424 or RFC 3164 there";
  private static final List<ConfigKey<?>> MULTIPORT_FORMAT_KEYS = List.of(
      ConfigKey.ignored(FORMAT_REGEX.name(), MULTIPORT_FORMAT),
      ConfigKey.ignored(FORMAT_SEARCH.name(), MULTIPORT_FORMAT),
      ConfigKey.ignored(FORMAT_REPLACE.name(), MULTIPORT_FORMAT),
      ConfigKey.ignored(FORMAT_DATE_FORMAT.name(), MULTIPORT_FORMAT));

  private SyslogKeys() {}

  /** The keys of a source; {@code portKey} is PORT or PORTS. */
  static ConfigDef def(ConfigKey<?> portKey, boolean tcp) {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(HOST, BIND, portKey, EVENT_SIZE, KEEP_FIELDS,
        CLIENT_IP_HEADER, CLIENT_HOSTNAME_HEADER, PORT_HEADER, CHARSET_DEFAULT, BATCH_SIZE,
        READ_BUFFER_SIZE, READ_BUFFER_BYTES, NUM_PROCESSORS, STRUCTURED_HEADERS));
    if (portKey == PORTS) {
      keys.addAll(MULTIPORT_FORMAT_KEYS);
    } else {
      keys.addAll(List.of(FORMAT_REGEX, FORMAT_SEARCH, FORMAT_REPLACE, FORMAT_DATE_FORMAT));
    }
    if (tcp) {
      keys.add(MAX_CONNECTIONS);
      keys.add(IDLE_TIMEOUT);
      keys.addAll(SyslogTls.KEYS);
    }
    return ConfigDef.of(keys.toArray(new ConfigKey<?>[0])).withPrefixes(CHARSET_PORT);
  }

  /**
   * @param syslogUtils a source Flume builds on its SyslogUtils (syslogtcp, syslogudp): it reads
   *     {@code format.*} and gives priority and version headers; multiport_syslogtcp does neither
   */
  static SyslogSourceConfig configure(ConfigValues v, List<Integer> ports, boolean tcp,
      boolean syslogUtils, SyslogTls tlsGlobals) {
    Map<Integer, Charset> perPort = new HashMap<>();
    for (Map.Entry<String, String> e : v.get(CHARSET_PORT).entrySet()) {
      String key = CHARSET_PORT.prefix() + e.getKey();
      if (!isPort(e.getKey())) {
        throw new ConfigException(key, "'" + e.getKey() + "' is not a port number");
      }
      if (!isCharset(e.getValue())) {
        throw new ConfigException(key, "'" + e.getValue() + "' is not a charset this JVM supports");
      }
      perPort.put(Integer.parseInt(e.getKey()), Charset.forName(e.getValue()));
    }
    List<String> fromGlobals = new ArrayList<>();
    ServerTls tls = tcp ? tlsGlobals.resolve(v, fromGlobals) : null;
    int eventSize = Math.max(MIN_EVENT_SIZE, v.get(EVENT_SIZE));
    if (!tcp) {
      // Flume's syslogudp ignores eventSize (its datagram reader sets 64 KiB), so a datagram is
      // whole unless eventSize is set for it
      eventSize = v.isSet(EVENT_SIZE) ? Math.min(eventSize, MAX_DATAGRAM) : MAX_DATAGRAM;
    }
    int readBuffer = v.get(READ_BUFFER_SIZE);
    Integer readBufferBytes = v.get(READ_BUFFER_BYTES);
    if (readBufferBytes != null) {
      if (v.isSet(READ_BUFFER_SIZE) && readBuffer != readBufferBytes) {
        throw new ConfigException(READ_BUFFER_BYTES.name(), readBufferBytes + " differs from "
            + READ_BUFFER_SIZE.name() + " = " + readBuffer + "; set one of them");
      }
      readBuffer = readBufferBytes;
    }
    if (KeepFields.namesNothing(v.get(KEEP_FIELDS))) {
      LoggerFactory.getLogger(SyslogKeys.class).warn("{} = '{}' names none of priority, version,"
          + " timestamp, hostname: no field is kept in the body (as in Flume)", KEEP_FIELDS.name(),
          v.get(KEEP_FIELDS));
    }
    Integer processors = v.get(NUM_PROCESSORS);
    return new SyslogSourceConfig(blankToNull(v.get(HOST)), ports, eventSize,
        KeepFields.parse(v.get(KEEP_FIELDS)), blankToNull(v.get(CLIENT_IP_HEADER)),
        blankToNull(v.get(CLIENT_HOSTNAME_HEADER)), blankToNull(v.get(PORT_HEADER)),
        Charset.forName(v.get(CHARSET_DEFAULT)), perPort, v.get(BATCH_SIZE),
        Math.max(64, readBuffer),
        processors == null ? Runtime.getRuntime().availableProcessors() : processors,
        v.get(STRUCTURED_HEADERS), syslogUtils ? customFormat(v) : null, syslogUtils,
        tcp ? v.get(MAX_CONNECTIONS) : 0,
        Duration.ofSeconds(tcp ? v.get(IDLE_TIMEOUT) : 0), tls, fromGlobals);
  }

  /** The {@code format.*} format, or null when {@code format.regex} is unset (as in Flume). */
  private static CustomSyslogFormat customFormat(ConfigValues v) {
    String regex = v.get(FORMAT_REGEX);
    String search = v.get(FORMAT_SEARCH);
    String replace = v.get(FORMAT_REPLACE);
    String dateFormat = v.get(FORMAT_DATE_FORMAT);
    if (regex == null) {
      return null; // Flume ignores the other format keys then
    }
    if (search != null && replace == null) {
      // Flume fails on every message then (its replacement list is shorter than its search list)
      throw new ConfigException(FORMAT_SEARCH.name(), "needs " + FORMAT_REPLACE.name());
    }
    // Flume ignores a format.replace without format.search
    return new CustomSyslogFormat(pattern(FORMAT_REGEX, regex),
        search == null ? null : pattern(FORMAT_SEARCH, search), replace,
        dateFormat == null ? null : dateFormat(dateFormat));
  }

  private static Pattern pattern(ConfigKey<String> key, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(key.name(), "'" + regex + "' is not a Java regex: " + e.getDescription()
          + " near index " + e.getIndex());
    }
  }

  private static SimpleDateFormat dateFormat(String pattern) {
    try {
      return new SimpleDateFormat(pattern);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(FORMAT_DATE_FORMAT.name(), "'" + pattern
          + "' is not a SimpleDateFormat pattern: " + e.getMessage());
    }
  }

  static List<Integer> ports(List<String> values) {
    return values.stream().map(Integer::parseInt).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static boolean isPort(String s) {
    try {
      int p = Integer.parseInt(s.trim());
      return p >= 0 && p <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isCharset(String name) {
    try {
      return Charset.isSupported(name.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
