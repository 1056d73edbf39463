"""Deterministic, realistic sample downloads for the sandbox store.

The same record count always yields the same rows (fixed seeds, a fixed end date),
so screenshots, examples and tests stay stable from run to run. Generation is a
lazy stream of tuples, cheap enough per row to seed a million records quickly.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import accumulate, product
from typing import NamedTuple

from tui.sandbox.ids import download_id

#: Column order of the tuples `sample_rows` yields (the record's field order).
Row = tuple[str, str, int, int, int, str, int, str]

_SEED = 20250630
_END = datetime(2025, 6, 30, 18, 0, 0, tzinfo=UTC)
_SPAN_SECONDS = 3 * 365 * 24 * 3600
_FIRST_ORDER_ID = 10_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SAME_ORDER_CHANCE = 0.2
_AMAZON_CHANCE = 0.3
#: Most microseconds between two downloads of one order (a checkout makes them in a loop).
_SAME_ORDER_MICROSECONDS = 400
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


def sample_rows(count: int) -> Iterator[Row]:
    """`count` rows in date order; a few orders hold several downloads, order ids rise.

    Each id is made as at checkout (`tui.sandbox.ids`), from the row's own creation
    time; its md5 is of the row's index, so no two rows share one.
    """
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
    seconds = microseconds = 0
    for index in range(count):
        if index == 0 or chance() >= _SAME_ORDER_CHANCE:
            order_id += 1 + int(chance() * 3)
            seconds = start + int((index + chance()) * step)
            day, in_day = divmod(seconds, 86_400)
            if day not in day_text:
                day_text[day] = date.fromordinal(_EPOCH_ORDINAL + day).isoformat()
            hours, rest = divmod(in_day, 3600)
            stamp = f"{day_text[day]} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
            microseconds = int(chance() * 1_000_000)
        else:  # the same checkout, a moment later
            microseconds += 1 + int(chance() * _SAME_ORDER_MICROSECONDS)
            microseconds = min(microseconds, 999_999)
        item = PRODUCTS[bisect.bisect(popularity, chance() * popularity[-1], 0, last_product)]
        downloads = bisect.bisect(
            _COUNT_CUM_WEIGHTS, chance() * _COUNT_CUM_WEIGHTS[-1], 0, last_count
        )
        on_amazon = chance() < _AMAZON_CHANCE
        yield (
            download_id(b"%d-%d" % (_SEED, index), seconds, microseconds),
            stamp,
            item.product_id,
            order_id,
            downloads,
            item.file_name,
            int(on_amazon),
            item.amazon_key if on_amazon else "",
        )
