package io.cleanroom.cli.query;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.check.CheckReportJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom query check}: checks a query against a contract's analysis rules and prints the
 * check report as JSON: the verdict with every reason, what the query reads in which role, what it
 * outputs, the output rules that apply, and the fingerprint owners approve.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a query against the contract's analysis rules; print the check report as JSON.",
      "Exit 0 when the query is allowed, 1 when it is refused, 2 on usage errors."
    })
public final class CheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin QueryText query;

  @Override
  public Integer call() {
    CheckedQuery checked =
        new QueryChecker(query.contract()).check(query.sql(), query.parameters());
    spec.commandLine().getOut().println(CheckReportJson.toJson(checked.report()).toPrettyString());
    return checked.report().allowed() ? 0 : 1;
  }
}
