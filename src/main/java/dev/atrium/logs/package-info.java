/**
 * Tenant logs (issue 19): Auth0's log events, recorded without blocking the request that caused them,
 * read back through the log API, and delivered to log streams.
 *
 * <p>Invariants: code that records an event calls {@link dev.atrium.logs.EventLog#record} and never
 * waits for the database; a full queue drops and counts events rather than slowing a request. Events
 * are recorded where an outcome is decided (the token endpoint's pipeline, the password check, the
 * Management API adapter, …), once each, not per endpoint. Details are scrubbed of passwords, secrets,
 * codes and tokens ({@link dev.atrium.logs.Redaction}) before they are queued. Log ids sort by time.
 * A log stream is delivered by whichever node holds its lease, from a cursor stored with it, so every
 * event leaves once between the nodes and in order (at least once when a node dies mid-batch).
 *
 * <p>Specifications: Auth0 "Log Event Type Codes", "Log Event Filters", "Custom Log Streams (HTTP)";
 * ../shared/spec/api-contract.md §B.11.
 */
package dev.atrium.logs;
