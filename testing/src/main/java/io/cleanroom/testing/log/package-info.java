/** Sample collaboration logs for tests and benchmarks: signed entries of every kind and exports. */
package io.cleanroom.testing.log;
