package io.cleanroom.portal.dataset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Makes the configured {@link BlobStore} ({@code portal.blobs.kind}). */
@ApplicationScoped
public class BlobStores {

  private S3Client client;

  @Produces
  @ApplicationScoped
  BlobStore blobStore(BlobsConfig config) {
    return switch (config.kind()) {
      case FILESYSTEM -> new FilesystemBlobStore(config.dir());
      case S3 -> {
        BlobsConfig.S3 s3 = config.s3();
        String bucket =
            s3.bucket()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "portal.blobs.kind=s3 needs portal.blobs.s3.bucket"));
        client = client(s3);
        yield new S3BlobStore(client, bucket, s3.partSize());
      }
    };
  }

  void close(@Disposes BlobStore store) {
    if (client != null) {
      client.close();
    }
  }

  /** An S3 client for {@code s3}. */
  public static S3Client client(BlobsConfig.S3 s3) {
    return client(
        s3.endpoint().orElse(null),
        s3.region(),
        s3.accessKeyId(),
        s3.secretAccessKey(),
        s3.pathStyle());
  }

  /**
   * An S3 client: the JDK's HTTP client, checksums only where S3 requires them; without an access
   * key, the SDK's default credentials; without an endpoint, AWS's own.
   */
  public static S3Client client(
      URI endpoint,
      String region,
      Optional<String> accessKeyId,
      Optional<String> secretAccessKey,
      boolean pathStyle) {
    AwsCredentialsProvider credentials =
        accessKeyId.isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId.get(), secretAccessKey.orElse("")))
            : DefaultCredentialsProvider.builder().build();
    S3ClientBuilder b =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .forcePathStyle(pathStyle)
            // S3-compatible servers differ in the newer flexible checksums; a blob's integrity is
            // its SHA-256, computed by the portal as it arrives and checked by every reader.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }
}
