package io.cleanroom.query.check;

/**
 * One column of a query's result as the check sees it.
 *
 * @param name the column name
 * @param type the SQL type
 * @param lineage the dataset columns and aggregates it is computed from
 */
public record OutputColumn(String name, String type, Lineage lineage) {}
