/** Sealed uploads and the blob storage that keeps them. */
package io.cleanroom.portal.dataset;
