/** The per-query Calcite schema: contract datasets as Calcite tables with Arrow-derived types. */
package io.cleanroom.query.schema;
