package io.cleanroom.portal.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where sealed files are kept ({@code portal.blobs.*}, docs/portal.md#settings). */
@ConfigMapping(prefix = "portal.blobs")
public interface BlobsConfig {

  /** The kinds of blob storage. */
  enum Kind {
    FILESYSTEM,
    S3
  }

  /** {@code filesystem} (the default) or {@code s3}. */
  @WithDefault("filesystem")
  Kind kind();

  /** The directory of the filesystem store. */
  Path dir();

  /** The S3-compatible store. */
  S3 s3();

  /** An S3-compatible bucket. */
  interface S3 {
    /** The service's URL; empty: AWS's own endpoint for the region. */
    Optional<URI> endpoint();

    /** The bucket (it must exist). */
    Optional<String> bucket();

    /** The region (S3-compatible servers mostly accept any). */
    @WithDefault("us-east-1")
    String region();

    /** The access key id; empty: the SDK's default credentials (environment, profile, role). */
    Optional<String> accessKeyId();

    /** The secret access key (with {@link #accessKeyId}). */
    Optional<String> secretAccessKey();

    /** Path-style URLs ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
    @WithDefault("false")
    boolean pathStyle();

    /** The multipart upload's part size in bytes (at least 5 MiB; one part is held in memory). */
    @WithDefault("8388608")
    int partSize();
  }
}
