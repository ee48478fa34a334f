package org.example.rest;

import io.sluice.api.Event;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A user handler, named by class as in Flume's user-guide example ({@code a1.sources.r1.handler =
 * org.example.rest.RestHandler}, {@code handler.nickname = random props}): the whole body becomes
 * one event with a {@code nickname} header from its configuration.
 */
public class RestHandler implements HttpSourceHandler {
  private volatile String nickname = "";

  @Override
  public void configure(Map<String, String> properties) {
    nickname = properties.getOrDefault("nickname", "");
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request) throws Exception {
    try (InputStream in = request.body()) {
      return List.of(Event.of(Map.of("nickname", nickname), in.readAllBytes()));
    }
  }
}
