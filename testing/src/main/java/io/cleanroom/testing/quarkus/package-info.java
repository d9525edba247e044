/**
 * What the services' {@code @QuarkusTest}s share: the real Keycloak as a test resource and a
 * PostgreSQL schema of each checkout's own.
 */
package io.cleanroom.testing.quarkus;
