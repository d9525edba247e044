/**
 * A real Keycloak for tests, benchmarks and the local launcher: the distribution from the local
 * Maven repository, started with the demo {@code cleanroom} realm, or one already running.
 */
package io.cleanroom.testing.keycloak;
