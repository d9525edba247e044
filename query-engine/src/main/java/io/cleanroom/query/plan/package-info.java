/** From SQL text to a validated, normalised logical plan, and the engine's own logical nodes. */
package io.cleanroom.query.plan;
