package com.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.servlet.http.HttpServletRequest;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.conf.ConfigurationException;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.http.HTTPBadRequestException;
import org.apache.flume.source.http.HTTPSourceHandler;

/**
 * An HTTP source handler as third parties write them against Flume 1.11's servlet-based
 * interface: one event per non-empty body line read through {@code getReader()} (or per
 * {@code line} form parameter of a form post), each with headers describing the request as the
 * servlet API shows it (prefixed by {@code prefix}, default {@code req.}). A line starting with
 * {@code !} is a bad request (400); a line {@code boom} fails the handler (500); more than
 * {@code maxLines} lines is a bad request; a form post with a {@code readAfter} parameter also
 * reads the body after the form did, which a servlet container refuses (500). {@code maxLines}
 * below 1 is refused at configuration.
 */
public class RequestLinesHandler implements HTTPSourceHandler {
  private volatile String prefix = "req.";
  private volatile int maxLines = 1000;

  @Override
  public void configure(Context context) {
    prefix = context.getString("prefix", "req.");
    maxLines = context.getInteger("maxLines", 1000);
    if (maxLines < 1) {
      throw new ConfigurationException("maxLines must be at least 1, not " + maxLines);
    }
  }

  @Override
  public List<Event> getEvents(HttpServletRequest request) throws HTTPBadRequestException,
      Exception {
    List<String> lines = new ArrayList<>();
    String contentType = request.getContentType();
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      String[] values = request.getParameterValues("line");
      if (values != null) {
        Collections.addAll(lines, values);
      }
      if (request.getParameter("readAfter") != null) {
        request.getReader(); // the form took the body: a servlet container refuses this
      }
    } else {
      try (BufferedReader in = request.getReader()) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        throw new HTTPBadRequestException("cannot read the body", e);
      }
    }
    if (lines.size() > maxLines) {
      throw new HTTPBadRequestException(lines.size() + " lines, more than " + maxLines);
    }
    Map<String, String> headers = describe(request);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("!")) {
        throw new HTTPBadRequestException("line " + (i + 1) + " starts with '!'");
      }
      if (line.equals("boom")) {
        throw new IllegalStateException("boom at line " + (i + 1));
      }
      Map<String, String> h = new HashMap<>(headers);
      h.put(prefix + "line", Integer.toString(i + 1));
      events.add(EventBuilder.withBody(line, StandardCharsets.UTF_8, h));
    }
    return events;
  }

  private Map<String, String> describe(HttpServletRequest request) {
    Map<String, String> h = new HashMap<>();
    h.put(prefix + "method", request.getMethod());
    h.put(prefix + "uri", request.getRequestURI());
    h.put(prefix + "query", String.valueOf(request.getQueryString()));
    h.put(prefix + "app", String.valueOf(request.getParameter("app")));
    h.put(prefix + "params", new TreeSet<>(request.getParameterMap().keySet()).toString());
    h.put(prefix + "tags", String.join(",", Collections.list(request.getHeaders("X-Tag"))));
    h.put(prefix + "host", String.valueOf(request.getHeader("x-host")));
    h.put(prefix + "charset", String.valueOf(request.getCharacterEncoding()));
    h.put(prefix + "contentType", String.valueOf(request.getContentType()));
    h.put(prefix + "length", Integer.toString(request.getContentLength()));
    h.put(prefix + "remote", request.getRemoteAddr());
    h.put(prefix + "protocol", request.getProtocol());
    h.put(prefix + "scheme", request.getScheme());
    h.put(prefix + "secure", Boolean.toString(request.isSecure()));
    h.put(prefix + "seq", Integer.toString(request.getIntHeader("X-Seq")));
    h.put(prefix + "contextPath", request.getContextPath());
    h.put(prefix + "servletPath", request.getServletPath());
    h.put(prefix + "pathInfo", String.valueOf(request.getPathInfo()));
    h.put(prefix + "names", new TreeSet<>(Collections.list(request.getHeaderNames())).toString());
    h.put(prefix + "remoteHost", request.getRemoteHost());
    h.put(prefix + "serverName", request.getServerName());
    h.put(prefix + "locales", request.getHeader("Accept-Language") == null ? "none"
        : Collections.list(request.getLocales()).toString());
    h.put(prefix + "date", Long.toString(request.getDateHeader("X-Date")));
    Object certificates = request.getAttribute("javax.servlet.request.X509Certificate");
    h.put(prefix + "tls", request.getAttribute("javax.servlet.request.cipher_suite") + "/"
        + request.getAttribute("javax.servlet.request.key_size") + "/"
        + (certificates == null ? "no certificate" : "certificates"));
    return h;
  }
}
