/** The release log for owners and the broker's signed log of approvals, releases and refusals. */
package io.cleanroom.broker.log;
