"""Deterministic, realistic sample downloads for the sandbox store.

The same record count always yields the same rows (fixed seeds, a fixed end date),
so screenshots, examples and tests stay stable from run to run. Generation is a
lazy stream of tuples, cheap enough per row to seed a million records quickly.
"""

from __future__ import annotations

import bisect
import random
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import accumulate, product
from typing import NamedTuple

#: Column order of the tuples `sample_rows` yields (the record's field order).
Row = tuple[str, str, int, int, int, str, int, str]

_ID_SPACE = 36**12
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
#: All 3-character base36 strings, so an id is four table look-ups.
_TRIPLETS = ["".join(chars) for chars in product(_DIGITS, repeat=3)]

_SEED = 20250630
_END = datetime(2025, 6, 30, 18, 0, 0, tzinfo=UTC)
_SPAN_SECONDS = 3 * 365 * 24 * 3600
_FIRST_ORDER_ID = 10_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SAME_ORDER_CHANCE = 0.2
_AMAZON_CHANCE = 0.3
#: Relative frequency of download_count 0..10: most downloads are used a few times.
_COUNT_CUM_WEIGHTS = list(accumulate([30, 22, 15, 10, 7, 5, 4, 3, 2, 1, 1]))

# Every pairing of a first and a second word is one product:
# (file name prefix, S3 folder, extensions, first words, second words).
_KINDS = (
    ("ebook", "ebooks", ".pdf .epub",
     "python sql javascript rust bread-baking vegetable-gardening street-photography"
     " personal-budgeting yoga watercolor",
     "basics handbook cookbook field-guide workbook"),
    ("album", "music", ".zip",
     "midnight golden neon paper quiet electric velvet northern",
     "drive hour skyline lanterns rivers tides"),
    ("font-pack", "fonts", ".otf .zip",
     "serif sans script mono display slab",
     "classic rounded condensed handwritten"),
    ("course", "courses", ".zip .mp4",
     "django excel guitar drawing seo spanish",
     "masterclass bootcamp crash-course intro"),
    ("template", "templates", ".zip",
     "resume invoice wedding-invite pitch-deck newsletter portfolio",
     "modern minimal bold"),
    ("preset-pack", "presets", ".zip",
     "film moody wedding travel portrait",
     "lightroom mobile cinematic"),
    ("plugin", "plugins", ".zip",
     "seo backup slider contact-form cache gallery",
     "pro lite"),
    ("audiobook", "audiobooks", ".m4b",
     "deep-work stoic sleep",
     "unabridged summary companion"),
)  # fmt: skip


class Product(NamedTuple):
    """A catalog item: every download of it carries the same file and S3 key."""

    product_id: int
    file_name: str
    amazon_key: str


def _catalog() -> list[Product]:
    rng = random.Random(_SEED)
    items = []
    for prefix, folder, extensions, firsts, seconds in _KINDS:
        for first, second in product(firsts.split(), seconds.split()):
            version = rng.choice(("", "", "", "-v2", "-v3", "-2nd-edition"))
            stem = f"{first}-{second}{version}{rng.choice(extensions.split())}"
            items.append((f"{prefix}-{stem}", f"products/{folder}/{stem}"))
    ids = rng.sample(range(120, 9_000), len(items))
    return [Product(pid, name, key) for pid, (name, key) in zip(ids, items, strict=True)]


PRODUCTS: tuple[Product, ...] = tuple(_catalog())


def _popularity_cum_weights() -> list[float]:
    """A few best sellers and a long tail, in no particular catalog order."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(PRODUCTS))]
    random.Random(_SEED + 1).shuffle(weights)
    return list(accumulate(weights))


_MASK_62 = (1 << 62) - 1


def _scramble(index: int) -> int:
    """A bijection on [0, 2**62): distinct indexes give distinct, random-looking ids.

    Each step (an odd multiplier, an xor with a right shift, modulo 2**62) can be
    undone, so uniqueness needs no lookup table, even for a million rows; and
    2**62 is just under 36**12, so the ids use the whole 12-character range.
    """
    mixed = (index * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) & _MASK_62
    mixed = ((mixed ^ (mixed >> 31)) * 0xBF58476D1CE4E5B9) & _MASK_62
    mixed = ((mixed ^ (mixed >> 29)) * 0x94D049BB133111EB) & _MASK_62
    return mixed ^ (mixed >> 32)


def format_download_id(number: int) -> str:
    """`number` in [0, 36**12) as 12 lowercase base36 characters."""
    high, low = divmod(number, 36**6)
    return (
        _TRIPLETS[high // 46656]
        + _TRIPLETS[high % 46656]
        + _TRIPLETS[low // 46656]
        + _TRIPLETS[low % 46656]
    )


def random_download_id() -> int:
    """A fresh id number for a record created at run time (not reproducible on purpose)."""
    return secrets.randbelow(_ID_SPACE)


def sample_rows(count: int) -> Iterator[Row]:
    """`count` rows in date order; a few orders hold several downloads, order ids rise."""
    rng = random.Random(_SEED + count)
    chance = rng.random
    popularity = _popularity_cum_weights()
    last_product = len(popularity) - 1
    last_count = len(_COUNT_CUM_WEIGHTS) - 1
    start = int(_END.timestamp()) - _SPAN_SECONDS
    step = _SPAN_SECONDS / max(count, 1)
    day_text: dict[int, str] = {}
    order_id = _FIRST_ORDER_ID
    stamp = ""
    for index in range(count):
        if index == 0 or chance() >= _SAME_ORDER_CHANCE:
            order_id += 1 + int(chance() * 3)
            seconds = start + int((index + chance()) * step)
            day, in_day = divmod(seconds, 86_400)
            if day not in day_text:
                day_text[day] = date.fromordinal(_EPOCH_ORDINAL + day).isoformat()
            hours, rest = divmod(in_day, 3600)
            stamp = f"{day_text[day]} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
        item = PRODUCTS[bisect.bisect(popularity, chance() * popularity[-1], 0, last_product)]
        downloads = bisect.bisect(
            _COUNT_CUM_WEIGHTS, chance() * _COUNT_CUM_WEIGHTS[-1], 0, last_count
        )
        on_amazon = chance() < _AMAZON_CHANCE
        yield (
            format_download_id(_scramble(index)),
            stamp,
            item.product_id,
            order_id,
            downloads,
            item.file_name,
            int(on_amazon),
            item.amazon_key if on_amazon else "",
        )
