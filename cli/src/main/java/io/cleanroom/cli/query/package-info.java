/**
 * {@code cleanroom query}: check queries against a contract and run them locally on sealed data.
 */
package io.cleanroom.cli.query;
