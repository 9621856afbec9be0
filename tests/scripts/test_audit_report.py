"""CI's reading of pip-audit's report (scripts/audit_report.py)."""

import importlib.util
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit_report", ROOT / "scripts/audit_report.py")
audit_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_report)

SKIPPED = {"name": "asgiref",
           "skip_reason": "Dependency not found on PyPI and could not be audited"}
CLEAN = {"name": "nh3", "version": "0.3.8", "vulns": []}
VULNERABLE = {"name": "django", "version": "5.2.1", "vulns": [
    {"id": "PYSEC-2025-1", "fix_versions": ["5.2.2", "5.1.10"], "aliases": []},
]}


def run(report) -> tuple[int, str]:
    out = io.StringIO()
    text = report if isinstance(report, str) else json.dumps(report)
    status = audit_report.main(io.StringIO(text), out)
    return status, out.getvalue()


def test_a_known_vulnerability_fails_and_is_named():
    status, out = run({"dependencies": [CLEAN, VULNERABLE], "fixes": []})

    assert status == 1
    assert "KNOWN VULNERABILITY: django 5.2.1: PYSEC-2025-1 (fixed in 5.2.2, 5.1.10)" in out


def test_a_vulnerability_still_fails_when_other_packages_could_not_be_audited():
    status, out = run({"dependencies": [SKIPPED, VULNERABLE]})

    assert status == 1
    assert "NOT AUDITED: 1 of 2 pinned packages" in out


def test_nothing_audited_is_said_plainly_not_called_clean():
    status, out = run({"dependencies": [SKIPPED]})

    assert status == 0
    assert "NOT AUDITED: 1 of 1 pinned packages" in out
    assert "No known vulnerability" not in out


def test_audited_packages_without_vulnerabilities_pass():
    status, out = run({"dependencies": [CLEAN]})

    assert status == 0
    assert out.strip() == "No known vulnerability in the 1 audited packages."


def test_no_report_at_all_is_not_audited():
    status, out = run("")

    assert status == 0
    assert out.startswith("NOT AUDITED")
