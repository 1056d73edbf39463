"""What a store's error page says: its text without tags, and whether it is PHP
stopping with a fatal error.

A failing store answers with HTML, as a page (Apache's, nginx's, WordPress's) or as
the `message` of its JSON. Shown as it came, the markup hides the words; the text
of the page's body is what a person reads there. WordPress answers a PHP fatal
error (a plugin's bug) with its "critical error" message (`WP_Fatal_Error_Handler`):
as `internal_server_error` JSON to a request that accepts JSON, else as a page.
Asking again cannot help until the code is fixed.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from html.parser import HTMLParser

#: What WordPress's fatal-error answer says (5.3 and later; 5.2's words next), and
#: what PHP itself prints for a fatal error where WordPress's handler is off.
_FATAL_WORDS = ("There has been a critical error on",
                "The site is experiencing technical difficulties",
                "Fatal error:", "Parse error:")
#: WordPress's code for the fatal-error answer of its REST API.
FATAL_CODE = "internal_server_error"
#: Tags whose text is none of the page's words.
_UNSEEN = frozenset({"head", "title", "script", "style", "template"})
#: Tags that part words as a line or a block does.
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "td", "th", "hr", "h1", "h2", "h3",
                     "h4", "h5", "h6", "center", "pre", "table", "ul", "ol", "body"})


@cache
def _page_text_parser() -> type[HTMLParser]:
    """The parser of a page's words; html.parser is loaded only once a page must be
    read (an error), for it costs start-up time."""
    from html.parser import HTMLParser

    class _PageText(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._unseen = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _UNSEEN:
                self._unseen += 1
            elif tag in _BREAKS:
                self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in _UNSEEN:
                self._unseen = max(0, self._unseen - 1)
            elif tag in _BREAKS:
                self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self._unseen:
                self.parts.append(data)

    return _PageText


def page_text(markup: str) -> str:
    """The words of `markup` as a reader sees them: no tags, no head or scripts,
    entities as the characters they stand for, one line."""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    parser = _page_text_parser()()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())


def is_fatal_error(code: str, text: str) -> bool:
    """Whether an answer with this `code` (its JSON's) and `text` (its message's or
    page's words) is PHP's fatal error."""
    return code == FATAL_CODE or any(words in text for words in _FATAL_WORDS)
