"""The layout of the code: imports point down the layers, the project package stays thin."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_every_import_points_down_the_layers_and_no_package_has_a_cycle():
    result = subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_project_package_holds_wiring_only():
    """Settings, URLs, WSGI/ASGI, middleware, error pages, probes, robots, the admin site."""
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "powerplay").rglob("*.py")
        if path.read_text().strip()
    )

    assert len(modules) <= 16, modules
    assert not (ROOT / "powerplay" / "management").exists()
    assert not (ROOT / "powerplay" / "templatetags").exists()
