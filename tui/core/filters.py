"""The filter language: exact terms such as `product=14`, `count>0`, `file~"spring sale"`.

A store's own search is a substring match over several fields at once (`14` finds
product 14, order 10414 and every id holding "14"), so it cannot name an exact set.
A term names one field, an operator and a value, and is judged here, record by
record. One parser serves the app's search box and the commands' `--where`, so a
term means the same in both, and values are read by the fields' own input rules
(`tui.core.rules`): `12` is a number however the store sends it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

from tui.api.models import FIELDS, INTEGER_FIELDS, Download, InvalidRecord
from tui.core.columns import HEADERS
from tui.core.dates import parse_store_date
from tui.core.rules import Refused, parse_value
from tui.core.text import shorten, visible

Operator = Literal["=", "!=", "<", "<=", ">", ">=", "~"]
Kind = Literal["number", "date", "flag", "text"]
#: Longest first, so that `<=` is not read as `<` and a value starting with `=`.
OPERATORS: tuple[Operator, ...] = ("!=", "<=", ">=", "=", "<", ">", "~")

#: Each field by the name its column's header shows, as terms name it.
SHORT_NAMES: dict[str, str] = {field: HEADERS[field].lower() for field in FIELDS}
#: What a term may call a field: its short name or its API name, in any case.
FIELD_NAMES: dict[str, str] = {short: field for field, short in SHORT_NAMES.items()} | {
    field: field for field in FIELDS}

_KINDS: dict[str, Kind] = {field: "number" for field in INTEGER_FIELDS} | {
    "date_created": "date", "is_amazon": "flag"}
_ACCEPTED: dict[Kind, tuple[Operator, ...]] = {
    "number": ("=", "!=", "<", "<=", ">", ">="),
    "date": ("=", "!=", "<", "<=", ">", ">="),
    "flag": ("=", "!="),
    "text": ("=", "!=", "~"),
}
_HOW: dict[Kind, str] = {
    "number": "compares as a number",
    "date": "compares as a date",
    "flag": "is yes or no",
    "text": "is text, matched whole or in part (~)",
}
_EXAMPLES: dict[Kind, str] = {
    "number": "{name}=14, {name}>0", "date": "{name}>=2025-01-01",
    "flag": "{name}=yes", "text": "{name}~sale",
}

#: A field's name and an operator, with any spaces around the operator.
_TERM_START = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(!=|<=|>=|=|<|>|~)\s*")
_QUOTES = "\"'"
#: The time of day a date in the box may be followed by, unquoted (`created=2025-01-31 10:00`).
_TIME_AFTER = re.compile(r"\s+(\d{1,2}:\d{2}(?::\d{2})?)(?=\s|$)")

#: The date forms a value may take, each with the span of time it names.
_DATE_FORMS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d %H:%M:%S", "second"), ("%Y-%m-%dT%H:%M:%S", "second"),
    ("%Y-%m-%d %H:%M", "minute"), ("%Y-%m-%dT%H:%M", "minute"),
    ("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year"),
)


class FilterError(ValueError):
    """A term that cannot be used; `str()` is the sentence to show."""


@dataclass(frozen=True)
class DateSpan:
    """The moments a date value names: from `start`, up to but not including `end`
    (`2025-01` is all of January)."""

    start: datetime
    end: datetime


Value = int | bool | str | DateSpan


@dataclass(frozen=True)
class Term:
    """`field op value`, the value read by the field's rules; `typed` as written."""

    field: str
    op: Operator
    value: Value
    typed: str

    @property
    def kind(self) -> Kind:
        return _KINDS.get(self.field, "text")

    def __str__(self) -> str:
        return f"{SHORT_NAMES[self.field]}{self.op}{_quoted(self.typed)}"

    def matches(self, record: Download) -> bool:
        """Whether `record` meets this term."""
        if self.op == "!=":
            return not _meets(self, "=", record)
        return _meets(self, self.op, record)

    @property
    def stored_text(self) -> str | None:
        """The value as the store holds it in its text (`14`, not `014`), for a term
        naming an exact value that reads the same in any case: the store's own search
        for it finds every record this term matches, whatever the search's case rules."""
        if self.op != "=" or self.kind == "date" or self.kind == "flag":
            return None
        text = str(self.value)
        return text if text and text.lower() == text.upper() else None


@dataclass(frozen=True)
class Filter:
    """Terms that must all hold, and plain words for the store's own search."""

    terms: tuple[Term, ...] = ()
    #: Text that was not a term: the store's own search, as today.
    search: str | None = None

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def where(self) -> str | None:
        """The terms as one text the box reads back to the same terms."""
        return " ".join(str(term) for term in self.terms) or None

    def matches(self, item: Download | InvalidRecord) -> bool:
        """Whether `item` meets every term: an entry that could not be read meets none."""
        return isinstance(item, Download) and all(term.matches(item) for term in self.terms)

    @property
    def exact_id(self) -> str | None:
        """The one id an `id=` term names: that record is read, not searched for."""
        return next((str(term.value) for term in self.terms
                     if term.field == "download_id" and term.op == "="), None)

    def narrowing(self, searched: Mapping[str, str]) -> str | None:
        """What to send as the store's search: the plain words when there are any;
        else the longest exact value of a term whose field the store is known to
        search (`searched`: each field's finding, "yes" for a field searched),
        whose results hold every match; else nothing, and every page is read."""
        if self.search:
            return self.search
        texts = [text for term in self.terms
                 if searched.get(term.field) == "yes" and (text := term.stored_text)]
        return max(texts, key=len, default=None)


def parse_box(text: str) -> Filter:
    """What the search box holds: terms, and plain words for the store's search.
    Text with no term in it is the store's search exactly as typed (one quoted text
    without its quotes: quotes are how text that looks like a term is searched for)."""
    terms: list[Term] = []
    words: list[str] = []
    position = 0
    while (position := _skip_spaces(text, position)) < len(text):
        start = _TERM_START.match(text, position)
        if start is None:
            word, position = _word(text, position)
            words.append(word)
            continue
        value, position = _word(text, start.end())
        if (time := _TIME_AFTER.match(text, position)) and _is_date(start[1]):
            value, position = f"{value} {time[1]}", time.end()
        terms.append(make_term(start[1], start[2], value))  # type: ignore[arg-type]
    if not terms:
        quoted = len(words) == 1 and text.strip()[:1] in _QUOTES
        return Filter(search=(words[0] if quoted else text.strip()) or None)
    return Filter(tuple(terms), " ".join(word for word in words if word) or None)


@lru_cache(maxsize=64)
def parse_where(where: str) -> Filter:
    """The terms of a filter's `where` text (see `Filter.where`), read once."""
    found = parse_box(where)
    if found.search:
        raise FilterError(f"“{visible(found.search)}” is not a FIELD OP VALUE term.")
    return found


def parse_terms(texts: Iterable[str], search: str | None = None) -> Filter:
    """The commands' `--where` terms, one a text, the value all that follows the
    operator (quotes around it are optional); they all must hold."""
    return Filter(tuple(parse_term(text) for text in texts), search or None)


def parse_term(text: str) -> Term:
    """One `FIELD OP VALUE` term, the value being the rest of `text`."""
    start = _TERM_START.match(text.strip())
    if start is None:
        raise FilterError(f"“{shorten(visible(text), 40)}” is not a term: write FIELD OP VALUE, "
                          f"e.g. product_id=14 or count>0 (operators {' '.join(OPERATORS)}).")
    value = text.strip()[start.end():].strip()
    if len(value) >= 2 and value[0] in _QUOTES and value[-1] == value[0]:
        value = value[1:-1]
    return make_term(start[1], start[2], value, glued=True)  # type: ignore[arg-type]


def make_term(name: str, op: Operator, typed: str, *, glued: bool = False) -> Term:
    """The term `name op typed`, checked; `glued`: the value may hold what looks
    like another term (one `--where` each)."""
    field = FIELD_NAMES.get(name.lower())
    if field is None:
        quoting = "" if glued else "; to search for the text itself, put it in quotes"
        raise FilterError(
            f"“{visible(name)}” is not a field to filter by: use "
            f"{', '.join(SHORT_NAMES.values())} (or product_id and the other API "
            f"names){quoting}.")
    kind, shown = _KINDS.get(field, "text"), SHORT_NAMES[field]
    if op not in _ACCEPTED[kind]:
        accepted = _ACCEPTED[kind]
        said = " or ".join(accepted) if len(accepted) == 2 else " ".join(accepted)
        raise FilterError(f"{shown} {_HOW[kind]}: use {said} "
                          f"(e.g. {_EXAMPLES[kind].format(name=shown)}), not {op}.")
    if glued and kind != "text" and (other := _glued_term(typed)):
        raise FilterError(f"One term to each --where: give “{visible(other)}” a --where "
                          f"of its own.")
    if not typed and kind != "text":
        raise FilterError(f"“{shown}{op}” needs a value after {op} "
                          f"(e.g. {_EXAMPLES[kind].format(name=shown)}).")
    return Term(field, op, _read_value(field, kind, typed), typed)


def _read_value(field: str, kind: Kind, typed: str) -> Value:
    if kind == "date":
        return _date_span(typed)
    if kind == "text":
        return typed
    try:
        return parse_value(field, typed)
    except Refused as refusal:
        raise FilterError(str(refusal)) from None


def _date_span(typed: str) -> DateSpan:
    for form, unit in _DATE_FORMS:
        try:
            start = datetime.strptime(typed.strip(), form)
        except ValueError:
            continue
        return DateSpan(start, _after(start, unit))
    raise FilterError(f"created takes a date such as 2025-01-31 (or 2025-01, 2025, "
                      f"2025-01-31T10:00), not “{shorten(visible(typed), 30)}”.")


def _after(start: datetime, unit: str) -> datetime:
    """The first moment after the `unit` that begins at `start`."""
    if unit == "year":
        return start.replace(year=start.year + 1)
    if unit == "month":
        return (start.replace(year=start.year + 1, month=1) if start.month == 12
                else start.replace(month=start.month + 1))
    return start + {"day": timedelta(days=1), "minute": timedelta(minutes=1),
                    "second": timedelta(seconds=1)}[unit]


def _meets(term: Term, op: Operator, record: Download) -> bool:
    """Whether `record`'s field stands in `op` to the term's value (`!=` aside)."""
    held = getattr(record, term.field)
    if isinstance(term.value, DateSpan):
        return _date_meets(op, parse_store_date(held), term.value)
    if isinstance(term.value, str):
        if op == "~":
            return term.value.casefold() in held.casefold()
        if term.field == "download_id":  # a key, read as one record: exactly as written
            return bool(held == term.value)
        return held.casefold() == term.value.casefold()
    if op == "=":
        return bool(held == term.value)
    return {"<": held < term.value, "<=": held <= term.value,
            ">": held > term.value, ">=": held >= term.value}[op]


def _date_meets(op: Operator, held: datetime | None, span: DateSpan) -> bool:
    """A date unreadable in the record meets no date term (but `!=`)."""
    if held is None:
        return False
    held = held.replace(tzinfo=None)  # store dates carry no zone; compared as written
    return {"=": span.start <= held < span.end, "<": held < span.start,
            "<=": held < span.end, ">": held >= span.end, ">=": held >= span.start}[op]


def _is_date(name: str) -> bool:
    return _KINDS.get(FIELD_NAMES.get(name.lower(), ""), "text") == "date"


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _word(text: str, position: int) -> tuple[str, int]:
    """The word or quoted text at `position` (a quote left open runs to the end,
    as while it is being typed), and where it ends."""
    if position < len(text) and text[position] in _QUOTES:
        closing = text.find(text[position], position + 1)
        end = len(text) if closing < 0 else closing
        return text[position + 1:end], min(len(text), end + 1)
    end = position
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[position:end], end


def _glued_term(value: str) -> str | None:
    """Another term glued onto a value after a space (`14 count>0`), if one is."""
    _, _, rest = value.partition(" ")
    rest = rest.strip()
    start = _TERM_START.match(rest)
    return rest if start is not None and start[1].lower() in FIELD_NAMES else None


def _quoted(typed: str) -> str:
    """A value as the box must be given it to read it back whole."""
    if typed and not any(char.isspace() for char in typed) and typed[0] not in _QUOTES:
        return typed
    return f"'{typed}'" if '"' in typed else f'"{typed}"'
