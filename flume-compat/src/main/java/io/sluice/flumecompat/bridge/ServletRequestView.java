package io.sluice.flumecompat.bridge;

import io.sluice.api.http.HttpSourceRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.RequestDispatcher;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import javax.servlet.http.HttpUpgradeHandler;
import javax.servlet.http.Part;

/**
 * One Sluice request as the {@code HttpServletRequest} a Flume {@code HTTPSourceHandler} reads,
 * answering as Flume's Jetty servlet (context {@code /}, servlet at {@code /}) does: the body through
 * {@code getInputStream()} or {@code getReader()} (one of them, in the charset Jetty would see,
 * {@link JettyContentType}, else ISO-8859-1), parameters from the query string and, for a form post whose body was not read
 * first, from the body. What a plain source has no use for (sessions, dispatchers, async, parts,
 * logins) answers as a servlet container without them does. Valid during one
 * {@code getEvents} call; not thread-safe.
 */
final class ServletRequestView implements HttpServletRequest {
  private static final String NOT_AVAILABLE =
      " is not available to a Flume HTTPSourceHandler in Sluice (see docs/sources/http.md)";

  private final HttpSourceRequest request;
  private final Map<String, Object> attributes = new HashMap<>();
  private final String contentType;
  private String characterEncoding;
  private boolean bodyTaken; // by getInputStream, getReader or the form parameters
  private boolean formReadBody;
  private ServletBodyStream stream;
  private BufferedReader reader;
  private Map<String, List<String>> parameters;

  ServletRequestView(HttpSourceRequest request) {
    this.request = request;
    this.contentType = JettyContentType.value(request.header("Content-Type"));
    this.characterEncoding = JettyContentType.charset(contentType);
  }

  // ---- body

  @Override
  public String getCharacterEncoding() {
    return characterEncoding;
  }

  @Override
  public void setCharacterEncoding(String env) throws UnsupportedEncodingException {
    if (bodyTaken) {
      return; // too late, as the servlet API says: ignored
    }
    charset(env);
    characterEncoding = env;
  }

  @Override
  public int getContentLength() {
    return request.bodyLength();
  }

  @Override
  public long getContentLengthLong() {
    return request.bodyLength();
  }

  @Override
  public String getContentType() {
    return contentType;
  }

  @Override
  public ServletInputStream getInputStream() {
    if (reader != null) {
      throw new IllegalStateException("getReader() was called for this request");
    }
    if (stream == null) {
      stream = new ServletBodyStream(unreadBody());
      bodyTaken = true;
    }
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (stream != null) {
      throw new IllegalStateException("getInputStream() was called for this request");
    }
    if (reader == null) {
      Charset cs = characterEncoding == null ? StandardCharsets.ISO_8859_1
          : charset(characterEncoding);
      reader = new BufferedReader(new InputStreamReader(unreadBody(), cs));
      bodyTaken = true;
    }
    return reader;
  }

  /** The body, or nothing once the form parameters consumed it (as in a servlet container). */
  private InputStream unreadBody() {
    return formReadBody ? new ByteArrayInputStream(new byte[0]) : request.body();
  }

  private static Charset charset(String name) throws UnsupportedEncodingException {
    try {
      return Charset.forName(name.trim());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new UnsupportedEncodingException(name);
    }
  }

  // ---- parameters

  private Map<String, List<String>> parameters() {
    if (parameters == null) {
      Map<String, List<String>> all = FormParameters.copyOf(request.queryParameters());
      if (!bodyTaken && "POST".equals(request.method())
          && FormParameters.isForm(getContentType())) {
        Charset cs;
        try {
          cs = characterEncoding == null ? StandardCharsets.UTF_8 : charset(characterEncoding);
        } catch (UnsupportedEncodingException e) {
          throw new IllegalStateException("unsupported charset " + characterEncoding, e);
        }
        try (InputStream in = request.body()) {
          FormParameters.parse(new String(in.readAllBytes(), cs), cs, all);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read the form body", e);
        }
        bodyTaken = true;
        formReadBody = true;
      }
      parameters = all;
    }
    return parameters;
  }

  @Override
  public String getParameter(String name) {
    List<String> v = parameters().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters().keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    List<String> v = parameters().get(name);
    return v == null ? null : v.toArray(String[]::new);
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    Map<String, String[]> m = new LinkedHashMap<>();
    parameters().forEach((k, v) -> m.put(k, v.toArray(String[]::new)));
    return Collections.unmodifiableMap(m);
  }

  // ---- request line and headers

  @Override
  public String getMethod() {
    return request.method();
  }

  @Override
  public String getProtocol() {
    return request.protocol();
  }

  @Override
  public String getScheme() {
    return request.secure() ? "https" : "http";
  }

  @Override
  public boolean isSecure() {
    return request.secure();
  }

  @Override
  public String getRequestURI() {
    String uri = request.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.startsWith("http://") || path.startsWith("https://")) { // absolute form
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    return path;
  }

  @Override
  public String getQueryString() {
    String uri = request.uri();
    int q = uri.indexOf('?');
    return q < 0 ? null : uri.substring(q + 1);
  }

  @Override
  public StringBuffer getRequestURL() {
    StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
    int port = getServerPort();
    if (port > 0 && port != (isSecure() ? 443 : 80)) {
      url.append(':').append(port);
    }
    return url.append(getRequestURI());
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public String getServletPath() {
    return URLDecoder.decode(getRequestURI().replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String getPathInfo() {
    return null;
  }

  @Override
  public String getPathTranslated() {
    return null;
  }

  @Override
  public String getHeader(String name) {
    return "Content-Type".equalsIgnoreCase(name) ? contentType : request.header(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    if ("Content-Type".equalsIgnoreCase(name) && contentType != null) {
      return Collections.enumeration(List.of(contentType));
    }
    return Collections.enumeration(request.headers(name));
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    return Collections.enumeration(request.headerNames());
  }

  @Override
  public int getIntHeader(String name) {
    String v = request.header(name);
    return v == null ? -1 : Integer.parseInt(v.trim());
  }

  @Override
  public long getDateHeader(String name) {
    String v = request.header(name);
    if (v == null) {
      return -1;
    }
    try {
      return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("header " + name + " is not a date: " + v, e);
    }
  }

  @Override
  public Cookie[] getCookies() {
    List<Cookie> cookies = new ArrayList<>();
    for (String header : request.headers("Cookie")) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String value = pair.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        try {
          cookies.add(new Cookie(pair.substring(0, eq).trim(), value));
        } catch (IllegalArgumentException e) {
          // a name the servlet API refuses ($Path, a token with separators): left out
        }
      }
    }
    return cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
  }

  @Override
  public Locale getLocale() {
    return getLocales().nextElement();
  }

  @Override
  public Enumeration<Locale> getLocales() {
    List<Locale> locales = new ArrayList<>();
    for (String header : request.headers("Accept-Language")) {
      try {
        for (Locale.LanguageRange r : Locale.LanguageRange.parse(header)) {
          if (r.getWeight() > 0 && !r.getRange().equals("*")) {
            locales.add(Locale.forLanguageTag(r.getRange()));
          }
        }
      } catch (IllegalArgumentException e) {
        // a malformed list counts as none
      }
    }
    return Collections.enumeration(locales.isEmpty() ? List.of(Locale.getDefault()) : locales);
  }

  // ---- connection

  @Override
  public String getRemoteAddr() {
    InetSocketAddress a = request.remoteAddress();
    return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
  }

  @Override
  public String getRemoteHost() {
    InetSocketAddress a = request.remoteAddress();
    return a == null ? null : a.getHostString();
  }

  @Override
  public int getRemotePort() {
    InetSocketAddress a = request.remoteAddress();
    return a == null ? -1 : a.getPort();
  }

  @Override
  public String getLocalAddr() {
    InetSocketAddress a = request.localAddress();
    return a == null || a.getAddress() == null ? null : a.getAddress().getHostAddress();
  }

  @Override
  public String getLocalName() {
    InetSocketAddress a = request.localAddress();
    return a == null ? null : a.getHostString();
  }

  @Override
  public int getLocalPort() {
    InetSocketAddress a = request.localAddress();
    return a == null ? -1 : a.getPort();
  }

  /** The {@code Host} header's name, else the local address (HTTP/1.0 without one). */
  @Override
  public String getServerName() {
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      return getLocalName();
    }
    host = host.trim();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  @Override
  public int getServerPort() {
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      return getLocalPort();
    }
    host = host.trim();
    int colon = host.lastIndexOf(':');
    if (colon < 0 || host.lastIndexOf(']') > colon) {
      return isSecure() ? 443 : 80;
    }
    try {
      return Integer.parseInt(host.substring(colon + 1));
    } catch (NumberFormatException e) {
      return isSecure() ? 443 : 80;
    }
  }

  // ---- attributes

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    return Collections.enumeration(new ArrayList<>(attributes.keySet()));
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  // ---- what a source without a web application does not have

  @Override
  public String getAuthType() {
    return null;
  }

  @Override
  public String getRemoteUser() {
    return null;
  }

  @Override
  public boolean isUserInRole(String role) {
    return false;
  }

  @Override
  public Principal getUserPrincipal() {
    return null;
  }

  @Override
  public String getRequestedSessionId() {
    return null;
  }

  @Override
  public HttpSession getSession(boolean create) {
    if (create) {
      throw new UnsupportedOperationException("an HTTP session" + NOT_AVAILABLE);
    }
    return null;
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    throw new IllegalStateException("the request has no session");
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return false;
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  @Deprecated
  public boolean isRequestedSessionIdFromUrl() {
    return false;
  }

  @Override
  public boolean authenticate(HttpServletResponse response) throws ServletException {
    throw new ServletException("authentication" + NOT_AVAILABLE);
  }

  @Override
  public void login(String username, String password) throws ServletException {
    throw new ServletException("login" + NOT_AVAILABLE);
  }

  @Override
  public void logout() throws ServletException {
    throw new ServletException("logout" + NOT_AVAILABLE);
  }

  @Override
  public Collection<Part> getParts() throws ServletException {
    throw new ServletException("multipart parts" + NOT_AVAILABLE);
  }

  @Override
  public Part getPart(String name) throws ServletException {
    throw new ServletException("multipart parts" + NOT_AVAILABLE);
  }

  @Override
  public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
    throw new ServletException("a protocol upgrade" + NOT_AVAILABLE);
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String path) {
    return null;
  }

  @Override
  @Deprecated
  public String getRealPath(String path) {
    return null;
  }

  @Override
  public ServletContext getServletContext() {
    throw new UnsupportedOperationException("the servlet context" + NOT_AVAILABLE);
  }

  @Override
  public AsyncContext startAsync() {
    throw new IllegalStateException("asynchronous processing" + NOT_AVAILABLE);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return startAsync();
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public boolean isAsyncSupported() {
    return false;
  }

  @Override
  public AsyncContext getAsyncContext() {
    throw new IllegalStateException("asynchronous processing" + NOT_AVAILABLE);
  }

  @Override
  public DispatcherType getDispatcherType() {
    return DispatcherType.REQUEST;
  }
}
