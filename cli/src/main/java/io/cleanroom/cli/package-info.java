/** The {@code cleanroom} command line: entry point, exit codes and shared plumbing. */
package io.cleanroom.cli;
