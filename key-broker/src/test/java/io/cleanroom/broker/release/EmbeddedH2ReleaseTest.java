package io.cleanroom.broker.release;

import io.cleanroom.broker.EmbeddedH2Profile;
import io.cleanroom.broker.SimulatedTeeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole release protocol suite again on the embedded default database (an H2 file, migrated by
 * the same Flyway scripts as PostgreSQL).
 */
@QuarkusTest
@TestProfile(EmbeddedH2Profile.class)
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class EmbeddedH2ReleaseTest extends ReleaseProtocolTest {}
