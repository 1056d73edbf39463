"""Run every benchmark, one after another, each printing its JSON object.

Run: python -m tests.bench.run_all   (from the repository root, a few minutes)
"""

from __future__ import annotations

import subprocess
import sys

from tests.bench.common import ROOT, python_env

BENCHMARKS = ("bench_startup", "bench_paging", "bench_search", "bench_memory", "bench_list_all",
              "bench_where")


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        done = subprocess.run([sys.executable, "-m", f"tests.bench.{name}"], env=python_env(),
                              cwd=ROOT, check=False)
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
