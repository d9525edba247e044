/** Collectors: get evidence from the running TEE (Linux configfs-tsm) or from the simulator. */
package io.cleanroom.attestation.collect;
