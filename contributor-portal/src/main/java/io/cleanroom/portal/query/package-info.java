/** Query proposals and their check reports. */
package io.cleanroom.portal.query;
