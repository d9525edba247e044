/** Collaborations and their member organizations. */
package io.cleanroom.portal.collab;
