package io.sluice.api;

/** A source that receives events on threads it owns (servers, listeners). */
public interface EventDrivenSource extends Source {}
