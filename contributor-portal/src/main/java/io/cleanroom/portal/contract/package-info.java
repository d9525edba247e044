/** A collaboration's contract versions. */
package io.cleanroom.portal.contract;
