/**
 * The project's own services started for other services' tests: the key broker from its packaged
 * jar, and the owners' calls to it.
 */
package io.cleanroom.testing.services;
