package io.sluice.flumecompat.bridge;

import io.sluice.api.http.HttpSourceRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
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
  /** HTTP's date forms: RFC 1123, RFC 850, and C's asctime (in GMT). */
  private static final List<DateTimeFormatter> HTTP_DATES = List.of(
      DateTimeFormatter.RFC_1123_DATE_TIME,
      new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-") // two-digit years: 1970-2069
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970).appendPattern(" HH:mm:ss zzz")
          .toFormatter(Locale.US),
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
          .withZone(java.time.ZoneOffset.UTC));
  /** The TLS attributes a container with a secure connector sets. */
  private static final String CERTIFICATES = "javax.servlet.request.X509Certificate";
  private static final String CIPHER_SUITE = "javax.servlet.request.cipher_suite";
  private static final String KEY_SIZE = "javax.servlet.request.key_size";
  private static final String SESSION_ID = "javax.servlet.request.ssl_session_id";
  private static final String NOT_AVAILABLE =
      " is not available to a Flume HTTPSourceHandler in Sluice (see docs/sources/http.md)";

  private final HttpSourceRequest request;
  private final Map<String, Object> attributes = new HashMap<>();
  private final String contentType;
  private final String servletPath;
  private String characterEncoding;
  /** Set once the body is taken: by getInputStream(), or by the form parameters (read through it). */
  private ServletBodyStream stream;
  private BufferedReader reader;
  private Map<String, List<String>> parameters;

  /** @throws ServletPath.BadPath for a path Jetty refuses before any servlet runs (a 400) */
  ServletRequestView(HttpSourceRequest request) {
    this.request = request;
    this.servletPath = ServletPath.of(getRequestURI());
    this.contentType = JettyContentType.value(request.header("Content-Type"));
    this.characterEncoding = JettyContentType.charset(contentType);
  }

  // ---- body

  @Override
  public String getCharacterEncoding() {
    return characterEncoding;
  }

  /** Whether getInputStream(), getReader() or the form parameters took the body. */
  private boolean bodyTaken() {
    return stream != null || reader != null;
  }

  @Override
  public void setCharacterEncoding(String env) throws UnsupportedEncodingException {
    if (bodyTaken()) {
      return; // too late, as the servlet API says: ignored
    }
    charset(env);
    characterEncoding = env;
  }

  @Override
  public int getContentLength() {
    long n = request.contentLength();
    return n > Integer.MAX_VALUE ? -1 : (int) n; // the servlet API's -1 for "does not fit"
  }

  @Override
  public long getContentLengthLong() {
    return request.contentLength();
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
      stream = new ServletBodyStream(request.body());
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
      reader = new BufferedReader(new InputStreamReader(request.body(), cs));
    }
    return reader;
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
      if (!bodyTaken() && "POST".equals(request.method())
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
        // read as through getInputStream(), as a container does: that stream is now at its end
        stream = new ServletBodyStream(new ByteArrayInputStream(new byte[0]));
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
    return servletPath;
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
    return Collections.enumeration(HeaderNames.of(request.headerNames()));
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
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        return ZonedDateTime.parse(v.trim(), format).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // the next of HTTP's three forms
      }
    }
    throw new IllegalArgumentException("header " + name + " is not a date: " + v);
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

  /**
   * The {@code Accept-Language} entries by weight (q=0 left out), each {@code lang-country} made
   * into {@code new Locale(lang, country)} as Jetty makes it; the JVM's default when there is none.
   */
  @Override
  public Enumeration<Locale> getLocales() {
    List<double[]> weights = new ArrayList<>();
    List<Locale> locales = new ArrayList<>();
    for (String header : request.headers("Accept-Language")) {
      for (String entry : header.split(",")) {
        String[] parts = entry.split(";");
        String tag = parts[0].trim();
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].trim();
          if (p.startsWith("q=")) {
            try {
              q = Double.parseDouble(p.substring(2).trim());
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        if (tag.isEmpty() || q <= 0) {
          continue;
        }
        int dash = tag.indexOf('-');
        locales.add(dash < 0 ? new Locale(tag)
            : new Locale(tag.substring(0, dash).trim(), tag.substring(dash + 1).trim()));
        weights.add(new double[] {q, weights.size()});
      }
    }
    if (locales.isEmpty()) {
      return Collections.enumeration(List.of(Locale.getDefault()));
    }
    List<Locale> sorted = new ArrayList<>();
    weights.stream().sorted((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0])
        : Double.compare(a[1], b[1])).forEach(w -> sorted.add(locales.get((int) w[1])));
    return Collections.enumeration(sorted);
  }

  // ---- connection

  @Override
  public String getRemoteAddr() {
    return address(request.remoteAddress());
  }

  @Override
  public String getRemoteHost() {
    return host(request.remoteAddress());
  }

  @Override
  public int getRemotePort() {
    InetSocketAddress a = request.remoteAddress();
    return a == null ? -1 : a.getPort();
  }

  @Override
  public String getLocalAddr() {
    return address(request.localAddress());
  }

  @Override
  public String getLocalName() {
    return host(request.localAddress());
  }

  /** The address as text, an IPv6 one in brackets as Jetty writes it. */
  private static String address(InetSocketAddress a) {
    if (a == null || a.getAddress() == null) {
      return null;
    }
    String text = a.getAddress().getHostAddress();
    return a.getAddress() instanceof Inet6Address ? "[" + text + "]" : text;
  }

  private static String host(InetSocketAddress a) {
    if (a == null) {
      return null;
    }
    return a.getAddress() != null && a.getHostString().equals(a.getAddress().getHostAddress())
        ? address(a) : a.getHostString();
  }

  @Override
  public int getLocalPort() {
    InetSocketAddress a = request.localAddress();
    return a == null ? -1 : a.getPort();
  }

  /** The absolute request target's authority, else the {@code Host} header's. */
  private String authority() {
    String uri = request.uri();
    int scheme = uri.indexOf("://");
    if (scheme > 0 && (uri.startsWith("http://") || uri.startsWith("https://"))) {
      int end = uri.indexOf('/', scheme + 3);
      int q = uri.indexOf('?', scheme + 3);
      end = end < 0 ? q : q < 0 ? end : Math.min(end, q);
      return end < 0 ? uri.substring(scheme + 3) : uri.substring(scheme + 3, end);
    }
    return request.header("Host");
  }

  /** The request's authority's host, else the local address (HTTP/1.0 without a Host). */
  @Override
  public String getServerName() {
    String host = authority();
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
    String host = authority();
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

  /** Set ones first; then, over TLS, the session's as a container with a secure connector has them. */
  @Override
  public Object getAttribute(String name) {
    if (attributes.containsKey(name)) {
      return attributes.get(name); // set, or removed (null)
    }
    SSLSession tls = request.sslSession();
    return tls == null ? null : tlsAttribute(name, tls);
  }

  private static Object tlsAttribute(String name, SSLSession session) {
    return switch (name) {
      case CERTIFICATES -> peerCertificates(session);
      case CIPHER_SUITE -> session.getCipherSuite();
      case KEY_SIZE -> keySize(session.getCipherSuite());
      case SESSION_ID -> HexFormat.of().formatHex(session.getId());
      default -> null;
    };
  }

  private static X509Certificate[] peerCertificates(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      List<X509Certificate> x509 = new ArrayList<>();
      for (Certificate c : chain) {
        if (c instanceof X509Certificate x) {
          x509.add(x);
        }
      }
      return x509.isEmpty() ? null : x509.toArray(X509Certificate[]::new);
    } catch (SSLPeerUnverifiedException e) {
      return null; // the client sent no certificate
    }
  }

  /** The cipher's key length as named in a TLS 1.2 suite (0 when the name does not say). */
  private static Integer keySize(String suite) {
    if (suite.contains("WITH_AES_256_")) {
      return 256;
    }
    if (suite.contains("WITH_AES_128_")) {
      return 128;
    }
    return suite.contains("WITH_3DES_EDE_CBC_") ? 168 : 0;
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    List<String> names = new ArrayList<>();
    for (String n : List.of(CERTIFICATES, CIPHER_SUITE, KEY_SIZE, SESSION_ID)) {
      if (!attributes.containsKey(n) && getAttribute(n) != null) {
        names.add(n);
      }
    }
    attributes.forEach((n, v) -> {
      if (v != null) {
        names.add(n);
      }
    });
    return Collections.enumeration(names);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      removeAttribute(name);
    } else {
      attributes.put(name, value);
    }
  }

  /** A removed TLS attribute stays removed: a null entry hides the session's value. */
  @Override
  public void removeAttribute(String name) {
    attributes.put(name, null);
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
