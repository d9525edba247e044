package io.cleanroom.portal.dataset;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link S3Proxy} and points the portal's blob storage at its bucket. */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

  private S3Proxy proxy;

  @Override
  public Map<String, String> start() {
    proxy = S3Proxy.start();
    return Map.of(
        "portal.blobs.kind",
        "s3",
        "portal.blobs.s3.endpoint",
        proxy.endpoint().toString(),
        "portal.blobs.s3.bucket",
        S3Proxy.BUCKET,
        "portal.blobs.s3.access-key-id",
        S3Proxy.ACCESS_KEY,
        "portal.blobs.s3.secret-access-key",
        S3Proxy.SECRET_KEY,
        "portal.blobs.s3.path-style",
        "true");
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }
}
