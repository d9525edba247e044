/** {@code cleanroom verify}: offline checks of what the clean room produced (receipts). */
package io.cleanroom.cli.verify;
