"""Reads pip-audit's JSON report of requirements.lock and decides what CI makes of it.

pip-audit on its own says "No known vulnerabilities found" even when it could read no
vulnerability data at all (every package skipped), and with --strict it stops at the
first package it cannot look up, auditing none of the rest. So CI asks for the JSON
report without --strict and reads it here:

- a known vulnerability in any pinned release fails CI (exit status 1), naming it;
- packages that could not be audited, or a run that gave no report, are said NOT
  AUDITED, loudly, without failing CI: from machines that cannot reach the
  vulnerability data, nothing can be audited.

Usage: pip-audit -r requirements.lock -f json ... | python scripts/audit_report.py
"""

import json
import sys


def read_report(report: dict) -> tuple[list[str], list[str], int]:
    """(vulnerabilities found, packages not audited, packages audited) of a report."""
    found, not_audited, audited = [], [], 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            not_audited.append(dependency["name"])
            continue
        audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed release"
            found.append(
                f"{dependency['name']} {dependency['version']}: {vulnerability['id']}"
                f" (fixed in {fixed})"
            )
    return found, not_audited, audited


def main(stream=sys.stdin, out=sys.stdout) -> int:
    try:
        report = json.load(stream)
    except ValueError:
        print("NOT AUDITED: pip-audit gave no report (it could not run).", file=out)
        return 0
    found, not_audited, audited = read_report(report)
    for line in found:
        print(f"KNOWN VULNERABILITY: {line}", file=out)
    if not_audited:
        print(
            f"NOT AUDITED: {len(not_audited)} of {len(not_audited) + audited} pinned "
            f"packages (no vulnerability data reachable): {', '.join(not_audited)}",
            file=out,
        )
    if audited and not found:
        print(f"No known vulnerability in the {audited} audited packages.", file=out)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
