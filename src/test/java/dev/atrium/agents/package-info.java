/**
 * Issue 14 (AI agents and MCP clients) over HTTP: authorization server and protected-resource metadata,
 * resource indicators, Client ID Metadata Documents and the onboarding policy.
 */
package dev.atrium.agents;
