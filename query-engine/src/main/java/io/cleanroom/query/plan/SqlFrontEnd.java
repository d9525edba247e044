package io.cleanroom.query.plan;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.schema.CleanroomTypeSystem;
import io.cleanroom.query.schema.QuerySchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Parses, validates and converts one SQL query to a logical plan against a {@link QuerySchema}.
 *
 * <p>Identifiers are case-insensitive (unquoted ones fold to lower case). Only queries are
 * accepted; DDL, DML and EXPLAIN are refused. The normalised SQL (the parse tree printed back in
 * one dialect) is what fingerprints cover, so whitespace and keyword case do not change them.
 */
public final class SqlFrontEnd {

  private static final SqlParser.Config PARSER =
      SqlParser.config()
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.TO_LOWER)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false)
          .withConformance(SqlConformanceEnum.DEFAULT);

  private static final SqlDialect DIALECT = CalciteSqlDialect.DEFAULT;

  private final QuerySchema schema;
  private final JavaTypeFactoryImpl typeFactory =
      new JavaTypeFactoryImpl(CleanroomTypeSystem.INSTANCE);

  public SqlFrontEnd(QuerySchema schema) {
    this.schema = schema;
  }

  /** A parsed query and its normalised text. */
  public record Parsed(SqlNode node, String normalizedSql) {}

  /** Parses a single query; throws {@link QueryException} with code INVALID_SQL. */
  public static Parsed parse(String sql) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, PARSER).parseQuery();
    } catch (SqlParseException e) {
      throw new QueryException(QueryException.Code.INVALID_SQL, firstLine(e.getMessage()), e);
    }
    if (!node.getKind().belongsTo(SqlKind.QUERY) && node.getKind() != SqlKind.ORDER_BY) {
      throw new QueryException(
          QueryException.Code.INVALID_SQL, "only queries are allowed, not " + node.getKind());
    }
    String normalized =
        node.toSqlString(c -> c.withDialect(DIALECT).withAlwaysUseParentheses(false)).getSql();
    return new Parsed(node, normalized);
  }

  /**
   * A validated query as a logical plan.
   *
   * @param root the plan (sub-queries still nested)
   * @param parameterTypes the inferred type of each {@code ?} placeholder, in order
   */
  public record Converted(RelRoot root, List<RelDataType> parameterTypes) {}

  /** Validates a parsed query and converts it to a logical plan. */
  public Converted toRel(SqlNode parsed) {
    VolcanoPlanner planner = new VolcanoPlanner();
    planner.addRelTraitDef(org.apache.calcite.plan.ConventionTraitDef.INSTANCE);
    RelOptCluster cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
    Properties props = new Properties();
    props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteCatalogReader catalog =
        new CalciteCatalogReader(
            schema.toCalcite(), List.of(), typeFactory, new CalciteConnectionConfigImpl(props));
    SqlValidator validator =
        SqlValidatorUtil.newValidator(
            SqlStdOperatorTable.instance(),
            catalog,
            typeFactory,
            SqlValidator.Config.DEFAULT
                .withIdentifierExpansion(true)
                .withDefaultNullCollation(NullCollation.HIGH)
                .withConformance(SqlConformanceEnum.DEFAULT));
    SqlNode validated;
    try {
      validated = validator.validate(parsed);
    } catch (CalciteContextException e) {
      throw new QueryException(QueryException.Code.INVALID_SQL, firstLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      throw new QueryException(
          QueryException.Code.INVALID_SQL, "invalid query: " + firstLine(e.getMessage()), e);
    }
    SqlToRelConverter converter =
        new SqlToRelConverter(
            (rowType, queryString, schemaPath, viewPath) -> {
              throw new QueryException(QueryException.Code.UNSUPPORTED, "views are not supported");
            },
            validator,
            catalog,
            cluster,
            StandardConvertletTable.INSTANCE,
            SqlToRelConverter.config()
                .withExpand(false)
                .withInSubQueryThreshold(Integer.MAX_VALUE)
                .withTrimUnusedFields(false));
    List<RelDataType> params = new ArrayList<>();
    validator.getParameterRowType(validated).getFieldList().forEach(f -> params.add(f.getType()));
    return new Converted(converter.convertQuery(validated, false, true), params);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid query";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
