/** Cryptographic building blocks shared by every module of the clean room. */
package io.cleanroom.crypto;
