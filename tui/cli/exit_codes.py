"""The exit codes of `easycart-tui`, in one place: the parser (a usage error),
`tui.cli.main` and the commands that end a run themselves all use them, and the
help and README list them."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_FOUND, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

#: Each code and what it means, as `easycart-tui --help` lists them.
EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "success"),
    (EXIT_FAILED, "failed: the network, the store, a write or the journal (the message "
                  "says what)"),
    (EXIT_USAGE, "the command line or the settings are wrong (an ambiguous id prefix too)"),
    (EXIT_NOT_FOUND, "no such download (or no id with that prefix)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl+C)"),
)
