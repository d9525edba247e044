package io.cleanroom.broker.release;

import io.cleanroom.broker.SimulatedTeeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(EmbeddedH2ReleaseTest.EmbeddedH2.class)
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class ScratchH2LoadTest extends ReleaseLoadTest {}
