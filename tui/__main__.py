"""`python -m tui` runs the same entry point as the `easycart-tui` command."""

from tui.cli.main import main

raise SystemExit(main())
