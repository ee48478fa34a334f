/** Declared, typed configuration: keys, prefixes, definitions and the problems they report. */
package io.sluice.api.config;
