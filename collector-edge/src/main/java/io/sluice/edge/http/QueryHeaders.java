package io.sluice.edge.http;

import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The blob handlers' headers from the query string: each parameter's first value. Stateless. */
final class QueryHeaders {
  private QueryHeaders() {}

  static Map<String, String> of(HttpSourceRequest request) throws HttpBadRequestException {
    Map<String, List<String>> query;
    try {
      query = request.queryParameters();
    } catch (IllegalArgumentException e) { // e.g. a % not followed by two hex digits
      throw new HttpBadRequestException("unreadable query string: " + e.getMessage());
    }
    Map<String, String> headers = new HashMap<>();
    query.forEach((name, values) -> {
      if (!values.isEmpty()) {
        headers.put(name, values.get(0));
      }
    });
    return headers;
  }
}
