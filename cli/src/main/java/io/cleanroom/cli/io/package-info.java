/** Reading plaintext tables (CSV, Arrow IPC) into Arrow batches and writing them back out. */
package io.cleanroom.cli.io;
