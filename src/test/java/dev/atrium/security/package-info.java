/**
 * Attack tests for hostile input, one class per attack family, each attack sent over HTTP to a real
 * server started in-process: sign-up floods ({@code SignupFloodTest}), the key file's permissions
 * ({@code KeyFilePermissionsTest}), duplicated parameters ({@code DuplicateParameterTest}), malformed
 * bodies ({@code MalformedInputTest}), requests the HTTP server refuses before routing
 * ({@code PreRoutingRejectionTest}), non-JSON Management bodies ({@code ManagementContentTypeTest}),
 * and a seeded fuzzer over every public surface ({@code HostileInputFuzzTest}).
 */
package dev.atrium.security;
