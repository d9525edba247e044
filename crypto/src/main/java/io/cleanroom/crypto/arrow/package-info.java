/** Guards for reading Arrow IPC data that comes from outside the trust boundary. */
package io.cleanroom.crypto.arrow;
