/**
 * The services the portal calls on behalf of people: the owners' key brokers (approvals relayed
 * with the owner's own token) and the enclave that runs approved queries.
 */
package io.cleanroom.portal.remote;
