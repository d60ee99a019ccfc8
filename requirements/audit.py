"""Audit the pinned requirements with pip-audit, or say why it could not (``make audit``).

Fails (exit 1) only when an advisory service answered and named a known vulnerability.
When no service can be used (no network, DNS, or a registry mirror that does not serve
PyPI's per-version JSON, where pip-audit reads the advisories), it prints the reason and
exits 0: CI must not fail because an advisory service is out of reach. pip-audit itself
reports "No known vulnerabilities found" when it could audit nothing, so its answer is read
package by package: a service that audited none of the packages counts as unreachable, and
packages it skipped are listed.

Usage: ``python requirements/audit.py [requirements file ...]`` (default: requirements/dev.txt,
which includes base.txt). Services tried in order: PyPI, then OSV.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVICES = ("pypi", "osv")
TIMEOUT_SECONDS = 15


def run_pip_audit(requirements: list[str], service: str) -> tuple[dict | None, str]:
    """pip-audit's JSON report, or ``None`` and why there is none."""
    command = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off"]
    command += ["--format", "json", "--vulnerability-service", service, "--timeout", str(TIMEOUT_SECONDS)]
    for path in requirements:
        command += ["--requirement", path]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return None, f"{service}: no answer within 300 s"
    try:
        return json.loads(result.stdout), ""
    except json.JSONDecodeError:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        return None, f"{service}: {lines[-1] if lines else f'pip-audit exited {result.returncode}'}"


def main(argv: list[str]) -> int:
    requirements = argv or [str(HERE / "dev.txt")]
    reasons = []
    for service in SERVICES:
        report, reason = run_pip_audit(requirements, service)
        if report is None:
            reasons.append(reason)
            continue
        dependencies = report.get("dependencies", [])
        audited = [dep for dep in dependencies if "skip_reason" not in dep]
        skipped = [dep for dep in dependencies if "skip_reason" in dep]
        if not audited:
            example = skipped[0]["skip_reason"] if skipped else "no packages in the report"
            reasons.append(f"{service}: audited none of {len(dependencies)} packages ({example})")
            continue
        vulnerable = [dep for dep in audited if dep.get("vulns")]
        print(f"pip-audit ({service}): {len(audited)} pinned packages audited, {len(skipped)} skipped")
        for dep in skipped:
            print(f"  skipped {dep['name']} {dep.get('version', '')}: {dep['skip_reason']}")
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
                print(f"  VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
        if vulnerable:
            return 1
        print("pip-audit: no known vulnerabilities in the pinned requirements")
        return 0
    print("pip-audit skipped: no advisory service could be used from here.")
    for reason in reasons:
        print(f"  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
