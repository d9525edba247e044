/**
 * Owners' decisions on contract versions and queries: relayed to each owner's own key broker with
 * the owner's token, and read back from the broker's signed entries in the collaboration's log.
 */
package io.cleanroom.portal.approval;
