"""A database made by an older release migrates forward to this one, its data untouched.

    .venv/bin/python scripts/check_upgrade.py [COMMIT]

COMMIT (by default the last release before the re-layering) is checked out beside this
tree with `git worktree`. Its own code migrates a fresh PostgreSQL database and loads
the demo content; then this tree's code migrates the same database. Every row of every
table but django_migrations must be the same before and after, and this tree's models
must need no further migration. Needs PostgreSQL (DATABASE_URL's server, default
127.0.0.1:5432 as postgres) and git; run by .ci/run.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
# The last commit of main before the code was re-layered (issue 12).
DEFAULT_COMMIT = "f497414caeadab9ae8a51f3caf5378723ef6a3f1"
DATABASE = "powerplay_upgrade_check"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(command: list, *, cwd: Path, env: dict | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(
            f"Failed: {' '.join(map(str, command))} (in {cwd})\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def psql(sql: str) -> None:
    run(["psql", database_url("postgres"), "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], cwd=ROOT)


def dump(kind: str) -> list[str]:
    """The database's rows (kind "data") or schema, as sorted lines, migrations left out."""
    option = "--data-only" if kind == "data" else "--schema-only"
    text = run(
        ["pg_dump", option, "--no-owner", "--column-inserts", "--rows-per-insert=1",
         "--exclude-table=django_migrations", database_url(DATABASE)],
        cwd=ROOT,
    )
    lines = [
        line for line in text.splitlines()
        if line.strip() and not line.startswith(("--", "\\restrict", "\\unrestrict"))
        and "django_migrations" not in line
    ]
    # Rows come in no guaranteed order; a schema's statements do.
    return sorted(lines) if kind == "data" else lines


def manage(tree: Path, *arguments: str, media: Path) -> str:
    env = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "upgrade-check-only",
        "DATABASE_URL": database_url(DATABASE),
        "MEDIA_ROOT": str(media),
        "POWERPLAY_VAR_DIR": str(media.parent),
        "PYTHONPATH": str(tree),
    }
    env.pop("REDIS_URL", None)
    return run([PYTHON, "manage.py", *arguments], cwd=tree, env=env)


def differences(before: list[str], after: list[str], what: str) -> list[str]:
    if before == after:
        return []
    diff = list(difflib.unified_diff(before, after, f"{what} before", f"{what} after",
                                     lineterm="", n=0))
    return diff[:60]


def main() -> None:
    commit = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_COMMIT
    known = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT,
                           capture_output=True, check=False)
    if known.returncode != 0:
        print(f"UPGRADE CHECK SKIPPED: commit {commit} is not in this clone (a shallow one?).")
        return
    with tempfile.TemporaryDirectory(prefix="upgrade-check-") as scratch:
        scratch = Path(scratch)
        old_tree, media = scratch / "old", scratch / "var" / "media"
        media.mkdir(parents=True)
        run(["git", "worktree", "add", "--detach", "--force", old_tree, commit], cwd=ROOT)
        try:
            psql(f"DROP DATABASE IF EXISTS {DATABASE}")
            psql(f"CREATE DATABASE {DATABASE}")
            manage(old_tree, "migrate", "--no-input", media=media)
            manage(old_tree, "seed_demo", media=media)
            data, schema = dump("data"), dump("schema")
            print(f"{commit[:12]}: migrated, demo loaded, {len(data)} rows.")

            migrated = manage(ROOT, "migrate", "--no-input", media=media)
            applied = [line.strip() for line in migrated.splitlines() if "Applying" in line]
            print(f"This tree applied {len(applied)} migrations: {', '.join(applied) or 'none'}")
            manage(ROOT, "makemigrations", "--check", "--dry-run", media=media)
            problems = differences(data, dump("data"), "rows") + differences(
                schema, dump("schema"), "schema"
            )
        finally:
            run(["git", "worktree", "remove", "--force", old_tree], cwd=ROOT)
            shutil.rmtree(old_tree, ignore_errors=True)
            psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    if problems:
        print("\n".join(problems))
        sys.exit("The upgrade changed the database beyond the migration records.")
    print("Upgrade check passed: every row and the schema are as the older release left them.")


if __name__ == "__main__":
    main()
