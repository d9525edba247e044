package io.cleanroom.portal.dataset;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The portal with its blobs in an S3Proxy bucket ({@link S3ProxyTestResource}). */
public class S3Profile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(S3ProxyTestResource.class));
  }
}
