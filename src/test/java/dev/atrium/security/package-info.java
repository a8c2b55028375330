/**
 * Attack tests, one class per attack family, each attack performed over HTTP against the real server
 * started in-process and asserted to fail. A security reviewer reads this package first: the class name
 * says what is attacked, each test method how.
 */
package dev.atrium.security;
