package io.sluice.flumecompat.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Flume 1.11's Jetty 9.4.41 answers to {@code getContentType()} and
 * {@code getCharacterEncoding()}, Content-Type by Content-Type.
 */
class JettyContentTypeTest {

  @Test
  void theValueIsJettysSpellingOfItsCommonTypes() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("text/plain; charset=utf-8", "text/plain; charset=UTF-8");
    expected.put("TEXT/PLAIN;charset=utf-8", "text/plain;charset=UTF-8");
    expected.put("APPLICATION/JSON", "application/json");
    expected.put("application/x-www-form-urlencoded; charset=utf-8",
        "application/x-www-form-urlencoded; charset=UTF-8");
    expected.put("text/plain; charset=iso-8859-1", "text/plain; charset=ISO-8859-1");
    expected.put("text/plain; charset=utf-16", "text/plain; charset=utf-16");
    expected.put("Application/XML", "Application/XML");
    expected.put(null, null);
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(type -> actual.put(type, JettyContentType.value(type)));
    assertEquals(expected, actual);
  }

  @Test
  void theCharsetIsJettys() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("application/json", "UTF-8");
    expected.put("APPLICATION/JSON", "UTF-8");
    expected.put("text/json", "UTF-8");
    expected.put("application/json; charset=utf-8", "UTF-8");
    expected.put("text/plain; charset=Utf-8", "UTF-8");
    expected.put("text/plain; charset=ISO-8859-1", "ISO-8859-1");
    expected.put("text/plain;charset=UTF8", "utf-8");
    expected.put("text/plain; charset=\"utf-8\"", "utf-8");
    expected.put("text/plain ; charset=utf-8", "utf-8");
    expected.put("text/plain; charset=UTF-16", "utf-16");
    expected.put("application/json;charset=utf-16", "utf-16");
    expected.put("application/xml;charset=iso_8859_1", "iso-8859-1");
    expected.put("application/xml;charset=UTF-16LE", "UTF-16LE");
    expected.put("text/plain;charset=latin1", "latin1");
    expected.put("application/xml;charset='utf-8'", "'utf-8'");
    expected.put("application/xml; charset = utf-8", "utf-8");
    expected.put("application/xml;charset=UTF8;x=y", "utf-8");
    expected.put("text/plain; format=flowed; charset=UTF-8", "utf-8");
    expected.put("application/xml;CHARSET=US-ASCII", null);
    expected.put("application/xml;charset=", null);
    expected.put("application/json; foo=bar", null);
    expected.put("text/plain", null);
    expected.put("application/x-www-form-urlencoded", null);
    expected.put(null, null);
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(type -> actual.put(type, JettyContentType.charset(type)));
    assertEquals(expected, actual);
  }
}
