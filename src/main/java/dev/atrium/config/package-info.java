/**
 * The configuration of a node: {@link dev.atrium.config.AtriumConfig} (every option and its default in
 * one place) and {@link dev.atrium.config.ConfigLoader} ({@code ATRIUM_*} variables and flags, failing
 * fast on anything unknown or malformed).
 */
package dev.atrium.config;
