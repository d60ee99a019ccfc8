"""``tests/time_by_file.py``: the suite's time per test file, from the JUnit report ``make test`` writes."""

from tests.time_by_file import main, time_by_file

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
<testcase classname="tests.portal.test_a" name="test_one" time="30.5"/>
<testcase classname="tests.portal.test_a" name="test_two" time="1.5"/>
<testcase classname="tests.cases.test_b.TestThings" name="test_three" time="8"/>
<testcase classname="tests.cases.test_b" name="test_four[zh-hans]" time=""/>
</testsuite></testsuites>"""


def test_sums_each_files_tests_classes_included(tmp_path):
    report = tmp_path / "suite.xml"
    report.write_text(REPORT)
    assert time_by_file(report) == {"tests/portal/test_a.py": 32.0, "tests/cases/test_b.py": 8.0}


def test_prints_the_slowest_first_with_their_share(tmp_path, capsys):
    report = tmp_path / "suite.xml"
    report.write_text(REPORT)
    assert main(["time_by_file.py", str(report), "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "== the 1 slowest test files of 2 (0.7 worker-minutes in all)"
    assert lines[1:] == ["    32.0 s  80.0 %  tests/portal/test_a.py"]


def test_no_report_is_said_not_raised(tmp_path, capsys):
    assert main(["time_by_file.py", str(tmp_path / "none.xml")]) == 0
    assert "no test report" in capsys.readouterr().out
