/**
 * Sealed uploads (one-shot and resumable) and the blob storage, filesystem or S3, that keeps them.
 */
package io.cleanroom.portal.dataset;
