"""What a store really does with the list's options, found by probing it.

The API reference leaves open how a store pages, sorts and searches, and a store
that does not know a sort term answers in its default order without an error.
`easycart-tui doctor` probes all of it; the app probes the cheap part itself and
learns the rest from the pages it shows. What is found is kept per store in the
state file (`tui.config.state`). Imports no Textual.
"""

from tui.core.findings.model import Findings, SortSupport, store_key

__all__ = ["Findings", "SortSupport", "store_key"]
