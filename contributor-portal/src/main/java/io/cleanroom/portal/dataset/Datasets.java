package io.cleanroom.portal.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.dataset.SealedDatasetReader;
import io.cleanroom.crypto.dataset.SealedHeader;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.cleanroom.portal.log.CollaborationLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sealed uploads: streamed to blob storage while hashed, then checked without any key — the file's
 * structure and header ({@link SealedDatasetReader}), and that the header names this dataset, the
 * uploader's organization as owner and this collaboration. A file that fails is deleted; one that
 * passes is kept under its SHA-256, recorded as a version of the dataset and logged as {@code
 * dataset.uploaded}.
 */
@ApplicationScoped
public class Datasets {

  @Inject BlobStore blobs;
  @Inject CollaborationLog log;

  @ConfigProperty(name = "portal.uploads.max-bytes")
  long maxBytes;

  /** Receives an upload of {@code datasetId} by {@code org} (the one-shot PUT). */
  public DatasetRecord upload(
      String collaborationId, String datasetId, InputStream body, String by, String org) {
    BlobStore.Staged staged;
    try {
      staged = blobs.stage(body, maxBytes);
    } catch (IOException e) {
      throw new PortalException(ErrorCode.MALFORMED_REQUEST, "upload failed: " + e.getMessage());
    }
    return accept(collaborationId, datasetId, staged, by, org);
  }

  /**
   * Checks a staged upload of {@code datasetId} by {@code org} and records it — or discards it: the
   * one path of the PUT and of a completed resumable upload.
   */
  public DatasetRecord accept(
      String collaborationId, String datasetId, BlobStore.Staged staged, String by, String org) {
    SealedHeader header;
    try (SealedDatasetReader reader = SealedDatasetReader.open(blobs.read(staged))) {
      header = reader.header();
    } catch (CryptoException | IOException e) {
      blobs.discard(staged);
      throw new PortalException(
          ErrorCode.DATASET_INVALID, "not a sealed dataset: " + e.getMessage());
    }
    SealedHeader.Binding b = header.binding();
    String mismatch =
        !b.datasetId().equals(datasetId)
            ? "the file is dataset " + b.datasetId() + ", not " + datasetId
            : !b.ownerOrg().equals(org)
                ? "the file is owned by " + b.ownerOrg() + ", not by " + org
                : !b.collaborationId().equals(collaborationId)
                    ? "the file is sealed for collaboration " + b.collaborationId()
                    : null;
    if (mismatch != null) {
      blobs.discard(staged);
      throw new PortalException(ErrorCode.DATASET_INVALID, mismatch);
    }
    try {
      return QuarkusTransaction.requiringNew()
          .call(() -> record(collaborationId, staged, header, by, org));
    } catch (RuntimeException e) {
      blobs.discard(staged);
      throw e;
    }
  }

  private DatasetRecord record(
      String collaborationId, BlobStore.Staged staged, SealedHeader header, String by, String org) {
    DatasetRecord existing =
        DatasetRecord.findById(new DatasetRecord.Key(collaborationId, staged.sha256()));
    if (existing != null) {
      blobs.discard(staged);
      return existing;
    }
    SealedHeader.Binding b = header.binding();
    DatasetRecord r = new DatasetRecord();
    r.collaborationId = collaborationId;
    r.sealedDigest = staged.sha256();
    r.datasetId = b.datasetId();
    r.ownerOrg = b.ownerOrg();
    r.sizeBytes = staged.size();
    r.rowCount = header.layout().rowCount();
    r.keyId = b.keyId();
    r.headerJson = CanonicalJson.toString(header.toJson());
    r.uploadedBy = by;
    r.uploadedAt = Instant.now();
    r.persist();
    ObjectNode e = CanonicalJson.mapper().createObjectNode();
    e.put("event", "dataset.uploaded");
    e.put("datasetId", r.datasetId);
    e.put("ownerOrg", r.ownerOrg);
    e.put("sealedDigest", r.sealedDigest);
    e.put("sizeBytes", r.sizeBytes);
    e.put("rowCount", r.rowCount);
    e.put("keyId", r.keyId);
    e.put("actor", by);
    e.put("org", org);
    log.appendPortalEntry(collaborationId, e);
    blobs.keep(staged);
    return r;
  }

  /** Every version of every dataset of a collaboration, newest first. */
  @Transactional
  public List<DatasetRecord> list(String collaborationId) {
    return DatasetRecord.list("collaborationId = ?1 order by uploadedAt desc", collaborationId);
  }

  /** A version by its digest. */
  @Transactional
  public DatasetRecord require(String collaborationId, String sha256) {
    DatasetRecord r = DatasetRecord.findById(new DatasetRecord.Key(collaborationId, sha256));
    if (r == null) {
      throw new PortalException(ErrorCode.NOT_FOUND, "no sealed file " + sha256);
    }
    return r;
  }

  /** Opens a kept blob for reading. */
  public InputStream open(String sha256) {
    try {
      return blobs
          .open(sha256)
          .orElseThrow(() -> new PortalException(ErrorCode.NOT_FOUND, "no blob " + sha256));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
