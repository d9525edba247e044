package io.cleanroom.broker.budget;

import io.cleanroom.broker.EmbeddedH2Profile;
import io.cleanroom.broker.SimulatedTeeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The privacy budget suite again on the embedded default database (an H2 file). */
@QuarkusTest
@TestProfile(EmbeddedH2Profile.class)
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class EmbeddedH2BudgetTest extends PrivacyBudgetTest {}
