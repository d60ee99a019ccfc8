"""Static checks of issue #11: bandit (no high finding, a reviewed baseline) and the pip-audit wrapper.

``make audit`` runs bandit against ``.bandit-baseline.json`` (any finding not in it fails),
``requirements/audit.py`` and the schemathesis test. Here, in ``make test``: no high-severity
finding at all, every accepted finding has a written reason, and the pip-audit wrapper fails
only on a named vulnerability (an unreachable advisory service is skipped with a reason).
``manage.py check --deploy`` is enforced by tests/portal/test_security.py.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What make audit scans: the deployed packages (bench/ is a developer tool; migrations are generated).
BANDIT_TARGETS = ["portal", "catalog", "cases", "search", "competition", "incubator", "manage.py"]


def bandit(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", *BANDIT_TARGETS, "-x", "*/migrations/*", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_bandit_finds_no_high_severity_issue():
    result = bandit("--severity-level", "high", "-f", "json")
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]] == []


def test_the_bandit_baseline_accepts_no_high_finding_and_gives_a_reason_for_each():
    baseline = json.loads((ROOT / ".bandit-baseline.json").read_text())
    assert baseline["results"]
    for finding in baseline["results"]:
        assert finding["issue_severity"] != "HIGH", finding
        assert len(finding.get("reason", "")) > 30, finding
        assert (ROOT / finding["filename"]).exists(), finding["filename"]


# --- requirements/audit.py ----------------------------------------------------------------


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("requirements_audit", ROOT / "requirements" / "audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_services(monkeypatch, audit, answers: dict):
    monkeypatch.setattr(audit, "run_pip_audit", lambda requirements, service: answers[service])


def test_pip_audit_fails_on_a_known_vulnerability(audit, monkeypatch, capsys):
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-0000-1", "fix_versions": ["5.2.1"]}]},
            {"name": "wagtail", "version": "8.0.1", "vulns": []},
        ]
    }
    fake_services(monkeypatch, audit, {"pypi": (report, ""), "osv": (None, "unused")})
    assert audit.main([]) == 1
    assert "VULNERABLE django 5.2.0: PYSEC-0000-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_pip_audit_passes_a_clean_report(audit, monkeypatch, capsys):
    report = {"dependencies": [{"name": "wagtail", "version": "8.0.1", "vulns": []}]}
    fake_services(monkeypatch, audit, {"pypi": (report, ""), "osv": (None, "unused")})
    assert audit.main([]) == 0
    assert "no known vulnerabilities" in capsys.readouterr().out


def test_pip_audit_is_skipped_with_the_reason_when_no_service_can_be_used(audit, monkeypatch, capsys):
    # A mirror without PyPI's per-version JSON: pip-audit "audits" nothing and finds nothing.
    nothing_audited = {
        "dependencies": [{"name": "wagtail", "version": "8.0.1", "skip_reason": "Dependency not found on PyPI"}]
    }
    fake_services(
        monkeypatch, audit, {"pypi": (nothing_audited, ""), "osv": (None, "osv: Failed to resolve 'api.osv.dev'")}
    )
    assert audit.main([]) == 0
    out = capsys.readouterr().out
    assert "pip-audit skipped" in out
    assert "pypi: audited none of 1 packages (Dependency not found on PyPI)" in out
    assert "Failed to resolve" in out


def test_pip_audit_falls_back_to_the_next_service(audit, monkeypatch, capsys):
    report = {"dependencies": [{"name": "django", "version": "5.2.0", "vulns": [{"id": "GHSA-x", "fix_versions": []}]}]}
    fake_services(monkeypatch, audit, {"pypi": (None, "pypi: timed out"), "osv": (report, "")})
    assert audit.main([]) == 1
    assert "pip-audit (osv)" in capsys.readouterr().out
