"""Where the suite's time goes: the test files that took longest, from a JUnit XML report.

``make test`` writes the suite's report to ``var/test-results/suite.xml`` and prints this summary
after it: each file's time (its tests' setup, call and teardown, a module fixture's setup counted
in its first test), summed over both workers, and its share of the whole. Cutting CI time starts
with the top of this list (README, "Tests")::

    python tests/time_by_file.py var/test-results/suite.xml [how many, default 25]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree


def time_by_file(report: Path) -> Counter:
    """Seconds per test file (``tests/x/test_y.py``), from the report's test cases."""
    seconds: Counter = Counter()
    for case in ElementTree.parse(report).getroot().iter("testcase"):  # noqa: S314 - as above
        module = case.get("classname", "").split("::")[0]
        path = "/".join(part for part in module.split(".") if not part[:1].isupper()) + ".py"
        seconds[path] += float(case.get("time") or 0)
    return seconds


def main(argv: list[str]) -> int:
    report = Path(argv[1]) if len(argv) > 1 else Path("var/test-results/suite.xml")
    count = int(argv[2]) if len(argv) > 2 else 25
    if not report.exists():
        print(f"no test report at {report}")
        return 0
    seconds = time_by_file(report)
    total = sum(seconds.values()) or 1.0
    print(f"== the {count} slowest test files of {len(seconds)} ({total / 60:.1f} worker-minutes in all)")
    for path, spent in seconds.most_common(count):
        print(f"{spent:8.1f} s {100 * spent / total:5.1f} %  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
