"""A database made by an older release migrates forward to this one, its data untouched.

    .venv/bin/python scripts/check_upgrade.py            # check (CI runs this)
    .venv/bin/python scripts/check_upgrade.py record REV # write the dump of release REV

`record` checks release REV out beside this tree (`git worktree`); its own code migrates
a fresh PostgreSQL database, loads the demo content and a little history (a login with a
profile and a calendar address, a revision, a redirect, a share link), and the database
is kept in scripts/upgrade/ as a compressed SQL dump. The check needs no git history:
it restores that dump, migrates it with this tree's code and requires that

- every row of every table but django_migrations is as the release left it, but for the
  columns a migration of this tree recomputes by design (RECOMPUTED), in the columns the
  release had; rows are added only to the tables where migrating adds them by design
  (ADDED_BY_DESIGN: content types, permissions, the roles' grants),
- the schema is the one a fresh install of this tree gets,
- this tree's models need no further migration,
- every revision the release recorded still reads with this tree's models.

Needs PostgreSQL (the server of DATABASE_URL, by default 127.0.0.1:5432 as postgres).
"""

import difflib
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DUMPS = ROOT / "scripts" / "upgrade"
# The release each check starts from: the last commit before the code was re-layered.
RELEASE = "f497414"
UPGRADED, FRESH, FRESH_RESTORED, RESTORED = (
    "powerplay_upgrade_check", "powerplay_upgrade_fresh", "powerplay_upgrade_fresh_restored",
    "powerplay_upgrade_restored",
)
# Columns derived from the others that a migration of this tree writes again by design,
# by table: left out of the rows compared (articles 0010 reads every text two ways for
# search, issue 16).
RECOMPUTED = {"articles_articletranslation": ["search_vector"]}
# Tables where migrating adds rows by design, the release's rows staying as they were:
# Django records each new model's content type and permissions, and a change to the roles
# grants their groups new permissions (editorial.roles.sync_roles).
ADDED_BY_DESIGN = {"auth_permission", "django_content_type", "auth_group_permissions"}
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")

# Run by the older release's own code, after its demo content: a little of everything
# the demo leaves empty.
HISTORY = """
import reversion
from django.contrib.auth import get_user_model
from articles.models import ArticleTranslation
from editorial.models import EditorProfile, ShareLink
from redirects.services import redirect_record

editor = get_user_model().objects.create_user("upgrade-editor", is_staff=True)
EditorProfile.objects.create(user=editor, calendar_token="upgrade-calendar-token")
version = ArticleTranslation.objects.filter(status="published").order_by("pk").first()
with reversion.create_revision():
    version.body += "\\n\\nA sentence added in a revision."
    version.save()
    reversion.set_user(editor)
    reversion.set_comment("Corrected before the upgrade")
redirect_record(old_path="/en/articles/before-the-upgrade/", new_path=version.get_absolute_url())
ShareLink.objects.create(version=version, created_by=editor, note="upgrade check")
"""

READ_REVISIONS = """
from reversion.models import Version
records = list(Version.objects.all())
for record in records:
    record.field_dict
print(len(records))
"""


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))


def run(command: list, *, cwd: Path = ROOT, env: dict | None = None, stdin: str | None = None,
        ) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(
            f"Failed: {' '.join(map(str, command))} (in {cwd})\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def recreate(name: str) -> None:
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        run(["psql", database_url("postgres"), "-v", "ON_ERROR_STOP=1", "-q", "-c", statement])


def drop(name: str) -> None:
    run(["psql", database_url("postgres"), "-q", "-c", f"DROP DATABASE IF EXISTS {name}"])


def dump(name: str, kind: str) -> list[str]:
    """A database's rows (kind "data", sorted) or schema, migration records left out."""
    option = "--data-only" if kind == "data" else "--schema-only"
    text = run(["pg_dump", option, "--no-owner", "--column-inserts", "--rows-per-insert=1",
                "--exclude-table=django_migrations", database_url(name)])
    lines = [
        line for line in text.splitlines()
        # pg_dump's \restrict lines carry a random key of each dump.
        if line.strip() and not line.startswith(("--", "\\restrict", "\\unrestrict"))
        and "django_migrations" not in line
    ]
    return sorted(lines) if kind == "data" else lines


def without_recomputed(name: str) -> str:
    """The database `name`, its RECOMPUTED columns emptied (once its checks are done)."""
    statements = "; ".join(
        f"UPDATE {table} SET {column} = NULL"
        for table, columns in RECOMPUTED.items() for column in columns
    )
    run(["psql", database_url(name), "-v", "ON_ERROR_STOP=1", "-q", "-c", statements])
    return name


def manage(tree: Path, database: str, *arguments: str, media: Path, stdin: str = "") -> str:
    env = {
        **os.environ,
        "DEBUG": "1",
        "SECRET_KEY": "upgrade-check-only",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media),
        "POWERPLAY_VAR_DIR": str(media.parent),
        "PYTHONPATH": str(tree),
    }
    env.pop("REDIS_URL", None)
    return run([PYTHON, "manage.py", *arguments], cwd=tree, env=env, stdin=stdin or None)


def columns(name: str) -> dict[str, set[str]]:
    """Each table of the database `name` (its public schema) with its columns."""
    text = run(["psql", database_url(name), "-At", "-F", " ", "-c",
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'"])
    tables: dict[str, set[str]] = {}
    for line in text.splitlines():
        table, column = line.split(" ", 1)
        tables.setdefault(table, set()).add(column)
    return tables


def as_the_release_had_it(name: str, release: dict[str, set[str]]) -> str:
    """The database `name` reduced to what the release had, to compare its rows (once
    its schema is checked): its new tables and columns dropped."""
    statements = []
    for table, now in sorted(columns(name).items()):
        if table not in release:
            statements.append(f"DROP TABLE IF EXISTS {table} CASCADE")
            continue
        statements += [f"ALTER TABLE {table} DROP COLUMN {column} CASCADE"
                       for column in sorted(now - release[table])]
    if statements:
        run(["psql", database_url(name), "-v", "ON_ERROR_STOP=1", "-q", "-c",
             "; ".join(statements)])
    return name


def added_by_design(line: str) -> bool:
    """A row of a table where migrating adds rows by design."""
    return line.startswith(tuple(f"INSERT INTO public.{table} " for table in ADDED_BY_DESIGN))


def counter_of_designed(line: str) -> bool:
    """The counter of ids of a table where migrating adds rows by design."""
    return line.startswith(tuple(
        f"SELECT pg_catalog.setval('public.{table}_id_seq'" for table in ADDED_BY_DESIGN))


def differences(before: list[str], after: list[str], what: str) -> list[str]:
    if before == after:
        return []
    return list(difflib.unified_diff(before, after, f"{what} (expected)", f"{what}",
                                     lineterm="", n=0))[:60]


def dump_path(release: str) -> Path:
    return DUMPS / f"powerplay-{release}.sql.gz"


def record(release: str) -> None:
    with tempfile.TemporaryDirectory(prefix="upgrade-record-") as scratch:
        scratch = Path(scratch)
        old_tree, media = scratch / "old", scratch / "var" / "media"
        media.mkdir(parents=True)
        run(["git", "worktree", "add", "--detach", "--force", old_tree, release])
        try:
            recreate(UPGRADED)
            manage(old_tree, UPGRADED, "migrate", "--no-input", media=media)
            manage(old_tree, UPGRADED, "seed_demo", media=media)
            manage(old_tree, UPGRADED, "shell", media=media, stdin=HISTORY)
            text = run(["pg_dump", "--no-owner", "--no-privileges", database_url(UPGRADED)])
        finally:
            run(["git", "worktree", "remove", "--force", old_tree])
            shutil.rmtree(old_tree, ignore_errors=True)
            drop(UPGRADED)
    DUMPS.mkdir(exist_ok=True)
    with gzip.open(dump_path(release), "wt", compresslevel=9) as target:
        target.write(text)
    print(f"Wrote {dump_path(release).relative_to(ROOT)}.")


def check(release: str) -> None:
    source = dump_path(release)
    if not source.exists():
        sys.exit(f"{source} is missing: write it with `check_upgrade.py record {release}`.")
    with tempfile.TemporaryDirectory(prefix="upgrade-check-") as scratch:
        media = Path(scratch) / "var" / "media"
        media.mkdir(parents=True)
        try:
            with gzip.open(source, "rt") as sql:
                release_sql = sql.read()
            for name in (UPGRADED, RESTORED):
                recreate(name)
                run(["psql", database_url(name), "-v", "ON_ERROR_STOP=1", "-q"],
                    stdin=release_sql)
            rows = dump(without_recomputed(RESTORED), "data")
            release_columns = columns(RESTORED)
            print(f"{release}: restored, {len(rows)} rows.")
            migrated = manage(ROOT, UPGRADED, "migrate", "--no-input", media=media)
            applied = [line.strip() for line in migrated.splitlines() if "Applying" in line]
            print(f"This tree applied {len(applied)} migrations: {', '.join(applied) or 'none'}")
            manage(ROOT, UPGRADED, "makemigrations", "--check", "--dry-run", media=media)
            revisions = manage(
                ROOT, UPGRADED, "shell", "--no-imports", "-c", READ_REVISIONS, media=media
            )
            print(f"{revisions.strip()} recorded revisions read with this tree's models.")
            recreate(FRESH)
            manage(ROOT, FRESH, "migrate", "--no-input", media=media)
            # The release's database went through pg_dump, which spells some constraints
            # its own way: the fresh one goes through it too before they are compared.
            recreate(FRESH_RESTORED)
            run(["psql", database_url(FRESH_RESTORED), "-v", "ON_ERROR_STOP=1", "-q"],
                stdin=run(["pg_dump", "--no-owner", "--no-privileges", database_url(FRESH)]))
            upgraded_schema = dump(UPGRADED, "schema")
            upgraded_rows = dump(
                as_the_release_had_it(without_recomputed(UPGRADED), release_columns), "data")
            # Every row of the release as it was; rows added only where designed (and
            # there, the counters of ids move on).
            release_rows = set(rows)
            problems = (
                differences(
                    [line for line in rows if not counter_of_designed(line)],
                    [line for line in upgraded_rows if not counter_of_designed(line)
                     and (line in release_rows or not added_by_design(line))],
                    "rows")
                + differences(
                    dump(FRESH_RESTORED, "schema"), upgraded_schema, "schema of a fresh install"
                )
            )
        finally:
            for name in (UPGRADED, FRESH, FRESH_RESTORED, RESTORED):
                drop(name)
    if problems:
        print("\n".join(problems))
        sys.exit("The upgrade changed the database beyond its migration records.")
    print("Upgrade check passed: the rows are as the release left them (but for the "
          "recomputed columns), and the schema as a fresh install has it.")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "record":
        record(sys.argv[2] if len(sys.argv) > 2 else RELEASE)
    else:
        check(RELEASE)


if __name__ == "__main__":
    main()
