"""The shape of the code: package cycles, upward imports, the project package's size.

    .venv/bin/python scripts/layout_report.py [TREE]

TREE is a checkout of the project (this one by default), so an older commit can be
measured from a `git worktree`. Migrations and tests are left out: they are history and
checks, not the design. An import is *upward* when it goes from a package to one of a
higher layer (LAYERS, bottom first); packages of one layer may not import each other
either, so such an import counts as upward too.
"""

import ast
import itertools
import sys
from collections import Counter
from pathlib import Path

# The layers of docs/deploy.md's "Where things are", bottom first. A package of an older
# tree is ranked by what it held: today's `powerplay/` is the project package.
LAYERS = [
    {"core"},
    {"images", "pagecache"},
    {"search", "redirects"},
    {"articles"},
    {"series", "authors"},
    {"editorial", "api", "archive"},
    {"demo"},
    {"powerplay"},
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}
PROJECT_PACKAGE = "powerplay"


def modules(tree: Path) -> dict[str, Path]:
    """Dotted name → file of every module of our packages, migrations left out."""
    found = {}
    for package in RANK:
        for path in sorted((tree / package).rglob("*.py")) if (tree / package).is_dir() else ():
            parts = path.relative_to(tree).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imported_modules(name: str, path: Path) -> set[str]:
    """Our modules `name` imports, anywhere in its body (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {target for target in targets if target.split(".")[0] in RANK}


def report(tree: Path) -> dict:
    found = modules(tree)
    edges = set()
    for name, path in found.items():
        for target in imported_modules(name, path):
            # "from x import name" names a module or a member: keep the module.
            while target not in found and "." in target:
                target = target.rpartition(".")[0]
            if target in found and target.split(".")[0] != name.split(".")[0]:
                edges.add((name, target))
    package_edges = {(a.split(".")[0], b.split(".")[0]) for a, b in edges}
    cycles = sorted(
        (a, b) for a, b in itertools.combinations(sorted(RANK), 2)
        if (a, b) in package_edges and (b, a) in package_edges
    )
    upward = sorted(
        (a, b) for a, b in edges if RANK[a.split(".")[0]] <= RANK[b.split(".")[0]]
    )
    lines = Counter()
    for name, path in found.items():
        lines[name.split(".")[0]] += len(path.read_text().splitlines())
    project_modules = [
        name for name, path in found.items()
        if name.split(".")[0] == PROJECT_PACKAGE and path.read_text().strip()
    ]
    return {
        "cycles": cycles, "upward": upward, "lines": lines, "project_modules": project_modules,
    }


def main() -> None:
    tree = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent).resolve()
    result = report(tree)
    total = sum(result["lines"].values())
    print(f"Package cycles: {len(result['cycles'])}")
    for a, b in result["cycles"]:
        print(f"  {a} <-> {b}")
    print(f"Upward imports (module to module): {len(result['upward'])}")
    for a, b in result["upward"]:
        print(f"  {a} -> {b}")
    print(f"Modules in the project package: {len(result['project_modules'])}")
    print(f"Lines per package (migrations and tests left out), {total} in all:")
    for package, count in sorted(result["lines"].items(), key=lambda item: -item[1]):
        print(f"  {package:<10} {count:>6}  {100 * count / total:4.1f} %")


if __name__ == "__main__":
    main()
