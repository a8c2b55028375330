/** The grant handlers of {@code /oauth/token}: each supplies only its own step of the endpoint's fixed pipeline. */
package dev.atrium.oauth.grants;
