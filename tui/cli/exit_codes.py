"""The exit codes of `easycart-tui`, in one place: the parser (a usage error),
`tui.cli.main` and the commands that end a run themselves all use them."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
