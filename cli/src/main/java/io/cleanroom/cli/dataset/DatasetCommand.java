package io.cleanroom.cli.dataset;

import picocli.CommandLine.Command;

/** {@code cleanroom dataset}: the data owner's commands for sealed datasets. */
@Command(
    name = "dataset",
    description =
        "Seal a table into an encrypted dataset, inspect a sealed file, or open it again.",
    mixinStandardHelpOptions = true,
    subcommands = {SealCommand.class, InspectCommand.class, OpenCommand.class})
public final class DatasetCommand {}
