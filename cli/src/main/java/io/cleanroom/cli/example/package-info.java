/** {@code cleanroom example}: the shipped example collaboration and its synthetic data. */
package io.cleanroom.cli.example;
