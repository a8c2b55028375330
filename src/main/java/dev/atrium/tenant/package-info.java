/** The tenant's settings: names, branding and the flags that other capabilities read. */
package dev.atrium.tenant;
