/** {@code cleanroom verify}: offline checks of what the clean room produced (receipts, logs). */
package io.cleanroom.cli.verify;
