"""The realwp tests' site: set up once a run (Debian's packages installed where they
are missing), then lent to one test at a time with its switches at their defaults."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from tests.realwp.support import CANNOT_INSTALL, STATE, setup, site_lock, switch

#: The run every pytest worker of one `pytest` command shares (pytest-xdist's).
RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID")


@pytest.fixture(scope="session")
def realwp_site() -> Iterator[None]:
    """The site, set up by setup.sh: once for the whole run, whichever worker comes
    first. Where the packages cannot be had, every realwp test is skipped for the one
    reason setup.sh gives. Left with every switch at its default, to be tried."""
    stamp = STATE / "set-up-for-run"
    with site_lock():
        if RUN is None or not stamp.exists() or stamp.read_text() != RUN:
            _set_up(stamp)
    yield
    with site_lock():
        switch()


#: Why the site cannot be had here, once setup.sh has said so.
MISSING: list[str] = []


def _set_up(stamp: Path) -> None:
    result = setup()
    if result.returncode == CANNOT_INSTALL:
        reason = (result.stderr.strip().splitlines() or ["setup.sh gave no reason"])[-1]
        MISSING.append(f"no real WordPress here: {reason}")
        pytest.skip(MISSING[0])
    assert result.returncode == 0, f"setup.sh failed:\n{result.stdout}\n{result.stderr}"
    if RUN is not None:
        stamp.write_text(RUN)


@pytest.fixture
def site(realwp_site: None) -> Iterator[None]:
    """The site to this test alone, with every switch at its default."""
    with site_lock():
        switch()
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None],
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Every test skipped for want of the site is reported at the place that found it
    missing, so the summary gives the reason on one line, not one line a test."""
    report: pytest.TestReport = yield
    longrepr = report.longrepr
    if report.skipped and MISSING and isinstance(longrepr, tuple) and MISSING[0] in longrepr[2]:
        report.longrepr = (__file__, _set_up.__code__.co_firstlineno, longrepr[2])
    return report
