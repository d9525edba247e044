package io.cleanroom.query.contract;

import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One dataset of a collaboration: its name in SQL, its owner, its Arrow schema and its rule.
 *
 * @param id the table name queries use (lower case)
 * @param owner the member organisation that owns the data and approves queries reading it
 * @param schema the Arrow schema of the sealed dataset
 * @param sealedDigest the SHA-256 (hex) of the sealed file, once uploaded
 * @param rule the owner's analysis rule
 */
public record DatasetSpec(
    String id, String owner, Schema schema, Optional<String> sealedDigest, AnalysisRule rule) {}
