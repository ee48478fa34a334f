package com.example;

import java.util.ArrayList;
import java.util.List;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.interceptor.Interceptor;

/** Adds header {@code tag}, drops events whose body matches {@code dropRegex}. Built against Flume 1.11. */
public class TaggingInterceptor implements Interceptor {
  private final String tag;
  private final String dropRegex;
  private volatile boolean initialized;

  TaggingInterceptor(String tag, String dropRegex) {
    this.tag = tag;
    this.dropRegex = dropRegex;
  }

  @Override
  public void initialize() {
    initialized = true;
  }

  @Override
  public Event intercept(Event event) {
    if (!initialized) {
      throw new IllegalStateException("intercept before initialize");
    }
    if (!dropRegex.isEmpty() && new String(event.getBody()).matches(dropRegex)) {
      return null;
    }
    event.getHeaders().put("tag", tag);
    return event;
  }

  @Override
  public List<Event> intercept(List<Event> events) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      Event kept = intercept(e);
      if (kept != null) {
        out.add(kept);
      }
    }
    return out;
  }

  @Override
  public void close() {
    initialized = false;
  }

  public static class Builder implements Interceptor.Builder {
    private String tag;
    private String dropRegex;

    @Override
    public void configure(Context context) {
      tag = context.getString("tag");
      if (tag == null) {
        throw new IllegalArgumentException("tag is required");
      }
      dropRegex = context.getString("dropRegex", "");
    }

    @Override
    public Interceptor build() {
      return new TaggingInterceptor(tag, dropRegex);
    }
  }
}
