"""Content archives: all of a site's content in one file, to move it or keep it.

``write_archive()`` writes a zip file holding:

- ``content.json``: every content row, serialised by ``django.core.serializers``, model by
  model in ``CONTENT_MODELS`` order (parents before children) and by primary key within a
  model, as indented JSON with sorted keys: the same content always gives the same bytes;
- ``media/<name>``: every stored file the content refers to, originals and renditions,
  including the images of deleted objects that revisions can still recover;
- ``manifest.json``: format and version, creation time, software versions, the applied
  migrations, row counts, and the size and SHA-256 of content.json and of each media file.

``restore_archive()`` loads one into an empty database and the configured storage, in one
transaction, after checking every checksum.

Choices:

- Primary keys are kept. django-reversion stores each revision's rows as JSON that names
  related rows by primary key, so renumbering on import would silently corrupt history and
  recovery. That is also why the target database must hold no content yet.
- Logins are not content. Revisions, editorial notes and pending changes name their
  author by natural key (the username); the archive carries only username, first and
  last name of those authors — never a password, an e-mail address, a group or a
  permission. Import maps each to the existing login of that name, or creates an
  inactive login without a usable password, which an administrator can activate later.
  Other logins, editor profiles, share links (secrets handed to outside readers), admin
  log entries and sessions stay behind.
- The search vector is left out (its text is PostgreSQL's own) and recomputed on import,
  so an archive moves between SQLite and PostgreSQL.
- Datetimes keep their microseconds (Django's JSON encoder drops them).
- Zip entries carry a fixed date, so two archives of the same content differ only by the
  manifest's ``created_at``.

The format names every content model and the order to load them (CONTENT_MODELS), so
this app sits above the content apps, beside the back office.
"""

import datetime
import hashlib
import json
import posixpath
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, SuspiciousOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone

from images.renditions import listed_files
from search.models import Searchable, update_search_vectors

FORMAT = "powerplay-content"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CONTENT = "content.json"
MEDIA_FOLDER = "media/"

# Load order: a row comes after the rows it refers to.
CONTENT_MODELS = (
    "taggit.tag",
    "images.image",
    "images.imagetext",
    "series.series",
    "series.seriestranslation",
    "authors.author",
    "authors.authortranslation",
    "authors.authorlink",
    "articles.article",
    "articles.articleauthor",
    "articles.articletranslation",
    "articles.taggedarticletranslation",
    "articles.versionimage",
    "redirects.redirect",
    # The editorial notes and the pending changes of live versions: the back office's,
    # never a reader's.
    "articles.pendingchange",
    "editorial.note",
    "reversion.revision",
    "reversion.version",
)
# Database-specific or derived columns, recomputed on import.
EXCLUDED_FIELDS = {"articles.articletranslation": {"search_vector"}}
# Revisions, notes and pending changes name their author, and versions their model, by
# natural key, not by a local id.
NATURAL_FOREIGN_KEYS = {
    "reversion.revision", "reversion.version", "editorial.note", "articles.pendingchange",
}
# What the archive says about a revision's author; nothing that grants access.
USER_FIELDS = ("first_name", "last_name")
# Each stored image and the JSON field listing its renditions (see images.renditions).
IMAGE_FIELDS = {
    "images.image": ("file", "renditions"),
    "series.series": ("cover_image", "cover_renditions"),
    "authors.author": ("portrait", "portrait_renditions"),
    "articles.article": ("hero_image", "hero_renditions"),
}

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1024 * 1024
# The manifest carries no size of its own: this is far beyond any real one (each media
# file adds about 150 bytes) and keeps a hostile one from filling the memory.
MAX_MANIFEST_SIZE = 64 * 1024 * 1024
# What write_archive() uses. zipfile inflates these a chunk at a time; it decompresses
# bzip2 and LZMA a whole block at once, however large that block expands.
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why, for the operator."""


class ArchiveJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, except that times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


@dataclass
class Restored:
    counts: dict[str, int]
    media: int
    created_users: list[str]


def content_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label in CONTENT_MODELS]


def user_label() -> str:
    return get_user_model()._meta.label_lower


# Export ------------------------------------------------------------------------------------


def write_archive(
    target: IO[bytes],
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    at: datetime.datetime | None = None,
) -> dict:
    """Write all content and its media to ``target`` as a zip archive; return the manifest.

    ``target`` may be unseekable (standard output). Referenced media files missing from the
    storage are listed in the manifest's ``missing_media`` rather than stopping the export.
    """
    storage = storage or default_storage
    with transaction.atomic(using=using):
        # One transaction so the rows and the list of files are a consistent snapshot.
        records = serialise_content(using)
        media_names, missing = referenced_media(records, storage)
    content = dump_json(records)
    media = []
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(_entry(CONTENT, zipfile.ZIP_DEFLATED), content)
        for name in media_names:
            media.append(_copy_to_archive(archive, storage, name))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": (at or timezone.now()).astimezone(datetime.UTC),
            "versions": software_versions(),
            "migrations": applied_migrations(using),
            "counts": count_records(records),
            "content": {"name": CONTENT, **_digest(content)},
            "media": media,
            "missing_media": missing,
        }
        archive.writestr(_entry(MANIFEST, zipfile.ZIP_DEFLATED), dump_json(manifest))
    return manifest


def serialise_content(using: str = DEFAULT_DB_ALIAS) -> list[dict]:
    """Every content row as Django "python" serialiser records, in a deterministic order."""
    records = serialise_users(using)
    for label, model in zip(CONTENT_MODELS, content_models(), strict=True):
        excluded = EXCLUDED_FIELDS.get(label, set())
        fields = [
            field.name
            for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
            if field.serialize and not field.primary_key and field.name not in excluded
        ]
        rows = serializers.serialize(
            "python",
            model._default_manager.using(using).order_by("pk"),
            fields=fields,
            use_natural_foreign_keys=label in NATURAL_FOREIGN_KEYS,
        )
        many_to_many = [field.name for field in model._meta.local_many_to_many]
        for row in rows:
            for name in many_to_many:
                # A relation's order comes from the target's Meta.ordering, which sorts
                # NULLs differently per database: sort by key instead.
                if name in row["fields"]:
                    row["fields"][name] = sorted(row["fields"][name])
        records.extend(rows)
    return records


def serialise_users(using: str) -> list[dict]:
    """The authors of revisions, notes and pending changes, by username, without anything
    that grants access."""
    from reversion.models import Revision

    note = apps.get_model("editorial", "note")
    pending = apps.get_model("articles", "pendingchange")
    user_model = get_user_model()
    users = user_model._default_manager.using(using).filter(
        Q(pk__in=Revision.objects.using(using).filter(user__isnull=False).values("user"))
        | Q(pk__in=note.objects.using(using).values("written_by"))
        | Q(pk__in=note.objects.using(using).values("resolved_by"))
        | Q(pk__in=pending.objects.using(using).values("created_by"))
        | Q(pk__in=pending.objects.using(using).values("changed_by"))
    )
    username = user_model.USERNAME_FIELD
    return serializers.serialize(
        "python",
        users.order_by(username),
        fields=[username, *(name for name in USER_FIELDS if _has_field(user_model, name))],
        use_natural_primary_keys=True,
    )


def referenced_media(records: list[dict], storage: Storage) -> tuple[list[str], list[str]]:
    """The stored files the rows refer to, and those of them missing from the storage.

    Files named only by revisions (the image of a deleted article, a replaced portrait)
    are included when they still exist, so that recovering the object finds them.
    A row naming a file outside the storage stops the export, naming the row: such a
    name cannot be archived, and the import would refuse it.
    """
    # Each name with the first row naming it, for the operator.
    current: dict[str, str] = {}
    historical: dict[str, str] = {}
    for record in records:
        row = f"{record['model']} {record.get('pk')}"
        for name in sorted(_image_names(record["model"], record["fields"])):
            current.setdefault(name, row)
        if record["model"] == "reversion.version":
            for name in sorted(_names_in_version(record["fields"])):
                historical.setdefault(name, row)
    for name, row in {**historical, **current}.items():
        if not is_safe_media_name(name):
            raise ArchiveError(
                f"The row {row} names the media file {name!r}, which is not a safe media "
                "file name: correct that row, then export again."
            )
    present = {name for name, row in current.items() if _stored(storage, name, row)}
    present |= {
        name
        for name, row in historical.items()
        if name not in current and _stored(storage, name, row)
    }
    return sorted(present), sorted(set(current) - present)


def _stored(storage: Storage, name: str, row: str) -> bool:
    try:
        return storage.exists(name)
    except (SuspiciousOperation, OSError) as error:
        raise ArchiveError(
            f"The row {row} names the media file {name!r}, which the media storage "
            f"refuses ({error}): correct that row, then export again."
        ) from None


def _names_in_version(fields: dict) -> set[str]:
    return {name for name in _files_in_version(fields) if isinstance(name, str)}


def _files_in_version(fields: dict) -> list[object]:
    """The media file names in the rows a revision stored, as stored."""
    if fields.get("format") != "json":
        return []
    try:
        rows = json.loads(fields.get("serialized_data") or "[]")
    except ValueError:
        return []
    names = []
    for row in rows if isinstance(rows, list) else ():
        if isinstance(row, dict) and isinstance(row.get("fields"), dict):
            names += _image_files(str(row.get("model")), row["fields"])
    return names


def _image_names(label: str, fields: dict) -> set[str]:
    return {name for name in _image_files(label, fields) if isinstance(name, str)}


def _image_files(label: str, fields: dict) -> list[object]:
    """The media file names in one row's image fields, as stored: not always strings."""
    if label not in IMAGE_FIELDS:
        return []
    image_field, renditions_field = IMAGE_FIELDS[label]
    names = [fields.get(image_field), *listed_files(fields.get(renditions_field))]
    return [name for name in names if name not in (None, "")]


def count_records(records: Iterable[dict]) -> dict[str, int]:
    counts = dict.fromkeys([user_label(), *CONTENT_MODELS], 0)
    for record in records:
        counts[record["model"]] = counts.get(record["model"], 0) + 1
    return counts


def software_versions() -> dict[str, str]:
    try:
        powerplay = metadata.version("powerplay")
    except metadata.PackageNotFoundError:
        powerplay = "unknown"
    return {"powerplay": powerplay, "django": django.get_version()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the content's apps: the schema the rows were read from."""
    labels = {label.split(".")[0] for label in [user_label(), *CONTENT_MODELS]}
    applied: dict[str, list[str]] = {label: [] for label in sorted(labels)}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if app_label in applied:
            applied[app_label].append(name)
    return {label: sorted(names) for label, names in applied.items()}


def dump_json(data: object) -> bytes:
    text = json.dumps(data, cls=ArchiveJSONEncoder, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode()


def _entry(name: str, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = compression
    info.external_attr = 0o644 << 16
    return info


def _digest(data: bytes) -> dict:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _copy_to_archive(archive: zipfile.ZipFile, storage: Storage, name: str) -> dict:
    """Stream one stored file into the archive; return its name, size and checksum."""
    checksum = hashlib.sha256()
    size = 0
    # Images are compressed already: store them as they are.
    entry = _entry(MEDIA_FOLDER + name, zipfile.ZIP_STORED)
    with archive.open(entry, "w", force_zip64=True) as out:
        for chunk in _stored_chunks(storage, name):
            checksum.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"name": name, "size": size, "sha256": checksum.hexdigest()}


# Import ------------------------------------------------------------------------------------


def existing_content(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The content models that already hold rows, with their counts."""
    counts = {}
    for model in content_models():
        count = model._default_manager.using(using).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        raise ArchiveError(f"This is not a content archive: it has no {MANIFEST}.") from None
    if info.file_size > MAX_MANIFEST_SIZE:
        raise ArchiveError(
            f"The archive's {MANIFEST} holds {info.file_size} bytes, more than any manifest "
            f"({MAX_MANIFEST_SIZE}): this is not a content archive."
        )
    try:
        manifest = json.loads(b"".join(_member_chunks(archive, info, MAX_MANIFEST_SIZE)))
    except ValueError:
        raise ArchiveError(f"The archive's {MANIFEST} is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"This is not a content archive (its format is not {FORMAT}).")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise ArchiveError(
            f"The archive's format version {version!r} is not a valid version "
            "(a whole number from 1): the manifest is damaged."
        )
    if version > FORMAT_VERSION:
        raise ArchiveError(
            f"This archive is in format version {version}; this version of Power Play "
            f"reads up to version {FORMAT_VERSION}. Update Power Play first."
        )
    return manifest


def restore_archive(
    source: str | Path | IO[bytes],
    *,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
) -> Restored:
    """Load an archive written by write_archive() into an empty database.

    Everything is checked before anything is written: the format, the checksums, the
    schema, and that the database holds no content. Rows are loaded in one transaction;
    media files are written inside it and deleted again if it fails.
    """
    storage = storage or default_storage
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"The archive cannot be read: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        content = _read_checked(archive, CONTENT, manifest.get("content"))
        media = _media_entries(archive, manifest)
        missing = _missing_media(manifest)
        _check_schema(manifest, using)
        found = existing_content(using)
        if found:
            listed = ", ".join(f"{label}: {count}" for label, count in found.items())
            raise ArchiveError(
                f"The database already holds content ({listed}). import_content restores "
                "into an empty database only: create a new database, run migrate, then "
                "import again."
            )
        try:
            records = json.loads(content)
        except ValueError:
            raise ArchiveError(f"The archive's {CONTENT} is not valid JSON.") from None
        _check_records(records)
        _check_media_names(records, {entry["name"] for entry in media} | set(missing))
        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                users, rows = _split_users(records)
                created = _restore_users(users, using)
                _load_rows(rows, using)
                for entry in media:
                    if _restore_file(archive, storage, entry):
                        written.append(entry["name"])
        except BaseException:
            for name in written:
                storage.delete(name)
            raise
    return Restored(counts=count_records(records), media=len(media), created_users=created)


def _read_checked(archive: zipfile.ZipFile, name: str, expected: object) -> bytes:
    """The member ``name``, read no further than the size the manifest gives it, checked.

    The whole member is never inflated first: an archive of a few megabytes can expand
    to gigabytes.
    """
    size, sha256 = _declared(name, expected)
    info = _member_info(archive, name, size)
    checksum = hashlib.sha256()
    chunks = []
    for chunk in _member_chunks(archive, info, size):
        checksum.update(chunk)
        chunks.append(chunk)
    if sum(map(len, chunks)) != size or checksum.hexdigest() != sha256:
        raise ArchiveError(f"{name} does not match its checksum: the archive is damaged.")
    return b"".join(chunks)


def _declared(name: str, expected: object) -> tuple[int, str]:
    """The size and SHA-256 checksum the manifest gives a member."""
    if not isinstance(expected, dict):
        raise ArchiveError(f"The manifest does not describe {name}.")
    size, sha256 = expected.get("size"), expected.get("sha256")
    if type(size) is not int or size < 0 or not isinstance(sha256, str):
        raise ArchiveError(f"The manifest does not give the size and checksum of {name}.")
    return size, sha256


def _member_info(archive: zipfile.ZipFile, name: str, size: int) -> zipfile.ZipInfo:
    """The zip entry of ``name``, refused unless it holds the size the manifest gives."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ArchiveError(f"The archive has no {name}.") from None
    if info.file_size != size:
        raise ArchiveError(
            f"{name} does not match its checksum: it holds {info.file_size} bytes where the "
            f"manifest says {size}. The archive is damaged."
        )
    return info


def _member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """A member's bytes, a chunk at a time, refused past ``limit`` bytes.

    The zip entry's own size is not trusted: it is part of the same hostile file.
    """
    name = info.filename
    if info.compress_type not in _COMPRESSIONS:
        raise ArchiveError(f"{name} is compressed by a method content archives do not use.")
    if info.flag_bits & 0x1:
        raise ArchiveError(f"{name} is encrypted; content archives are not.")
    size = 0
    try:
        with archive.open(info) as member:
            # One byte past the limit at most: enough to tell that the member is too long.
            while chunk := member.read(min(_CHUNK, limit + 1 - size)):
                size += len(chunk)
                if size > limit:
                    raise ArchiveError(
                        f"{name} holds more than the {limit} bytes expected: "
                        "the archive is damaged."
                    )
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise ArchiveError(f"{name} cannot be read from the archive: {error}") from None


def _media_entries(archive: zipfile.ZipFile, manifest: dict) -> list[dict]:
    """The media files the manifest lists, each checked to be where and as large as it says."""
    entries = manifest.get("media")
    if not isinstance(entries, list):
        raise ArchiveError("The manifest has no list of media files.")
    for entry in entries:
        if not isinstance(entry, dict) or not is_safe_media_name(entry.get("name")):
            raise ArchiveError(f"The archive names an unsafe media file: {entry!r}.")
        name = MEDIA_FOLDER + entry["name"]
        _member_info(archive, name, _declared(name, entry)[0])
    return entries


def _missing_media(manifest: dict) -> list[str]:
    """Files the rows name that the exporting site did not have: the rows may keep them."""
    names = manifest.get("missing_media", [])
    if not isinstance(names, list):
        raise ArchiveError("The manifest's list of missing media files is not a list.")
    for name in names:
        if not is_safe_media_name(name):
            raise ArchiveError(f"The archive names an unsafe media file: {name!r}.")
    return names


def is_safe_media_name(name: object) -> bool:
    """A relative path inside the media storage, with no way out of it."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    parts = name.split("/")
    return (
        not name.startswith("/")
        and all(part not in ("", ".", "..") for part in parts)
        and posixpath.normpath(name) == name
    )


def _check_schema(manifest: dict, using: str) -> None:
    """Refuse rows written by a schema this database does not have yet."""
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        raise ArchiveError("The manifest does not say which migrations the content has.")
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        first = plan[0][0]
        raise ArchiveError(
            f"The database is not migrated: {len(plan)} migrations to apply, from "
            f"{first.app_label}.{first.name}. Run manage.py migrate first, then import again."
        )
    here = applied_migrations(using)
    for app_label, names in sorted(migrations.items()):
        unknown = sorted(set(names) - set(here.get(app_label, [])))
        if unknown:
            raise ArchiveError(
                f"The archive was written after migration {app_label}.{unknown[0]}, which "
                "this database has not applied: update Power Play and run migrate first."
            )


def _check_records(records: object) -> None:
    """Refuse any record that is not a row of a content model with only its own fields."""
    if not isinstance(records, list):
        raise ArchiveError(f"The archive's {CONTENT} is not a list of records.")
    user_model = get_user_model()
    fields = {
        user_label(): {
            user_model.USERNAME_FIELD,
            *(name for name in USER_FIELDS if _has_field(user_model, name)),
        },
        **{
            label: {
                field.name for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
            }
            for label, model in zip(CONTENT_MODELS, content_models(), strict=True)
        },
    }
    for number, record in enumerate(records, start=1):
        if not (
            isinstance(record, dict)
            and isinstance(record.get("model"), str)
            and isinstance(record.get("fields"), dict)
        ):
            raise ArchiveError(
                f"Record {number} of the archive's {CONTENT} is not a row "
                "(an object with a model and fields)."
            )
        label = record["model"]
        if label not in fields:
            raise ArchiveError(
                f"The archive holds rows this import does not restore: {label} (record {number})."
            )
        unknown = sorted(set(record["fields"]) - fields[label])
        if unknown:
            raise ArchiveError(
                f"The archive's row {label} {record.get('pk')} has fields that model does not "
                f"have: {', '.join(unknown)}."
            )


def _check_media_names(records: list[dict], archived: set[str]) -> None:
    """Refuse rows naming a file outside the media storage, or one the archive lacks.

    ``archived`` holds the archive's media files and those the exporting site had lost.
    Revisions may name files that are gone (they are archived when they still exist), but
    only inside the storage.
    """
    for record in records:
        row = f"{record['model']} {record.get('pk')}"
        for name in _image_files(record["model"], record["fields"]):
            if not is_safe_media_name(name):
                raise ArchiveError(
                    f"The archive's row {row} names the media file {name!r}, which is not "
                    "a safe media file name."
                )
            if name not in archived:
                raise ArchiveError(
                    f"The archive's row {row} names the media file {name!r}, which the "
                    "archive does not hold."
                )
        if record["model"] == "reversion.version":
            for name in _files_in_version(record["fields"]):
                if not is_safe_media_name(name):
                    raise ArchiveError(
                        f"The archive's row {row} names the media file {name!r}, which is "
                        "not a safe media file name."
                    )


def _split_users(records: list[dict]) -> tuple[list[dict], list[dict]]:
    label = user_label()
    return (
        [record for record in records if record.get("model") == label],
        [record for record in records if record.get("model") != label],
    )


def _restore_users(records: list[dict], using: str) -> list[str]:
    """Map each revision author to the login of that username, creating inactive ones."""
    user_model = get_user_model()
    manager = user_model._default_manager.db_manager(using)
    username_field = user_model.USERNAME_FIELD
    created = []
    for record in records:
        fields = record.get("fields") or {}
        username = fields.get(username_field)
        if not isinstance(username, str) or not username:
            raise ArchiveError("The archive names a revision author without a username.")
        if manager.filter(**{username_field: username}).exists():
            continue
        user = user_model(
            **{username_field: username},
            **{
                name: str(fields.get(name) or "")
                for name in USER_FIELDS
                if _has_field(user_model, name)
            },
        )
        user.is_active = False
        user.set_unusable_password()
        user.save(using=using)
        created.append(username)
    return created


def _load_rows(records: list[dict], using: str) -> None:
    try:
        loaded = list(serializers.deserialize("python", records, using=using))
        # Rows first, then many-to-many links: an article may pick one loaded after it.
        # (save() forgets a row's m2m_data, so keep it aside.)
        links = [(row.object, row.m2m_data or {}) for row in loaded]
        for row in loaded:
            row.save(using=using, save_m2m=False)
        for obj, m2m_data in links:
            for accessor, values in m2m_data.items():
                getattr(obj, accessor).set(values)
        connection = connections[using]
        connection.check_constraints()
    except (DeserializationError, DatabaseError, ValidationError, ValueError, TypeError) as error:
        # What a row's values can break, reported on one line; the transaction is rolled back.
        raise ArchiveError(f"The archive's rows cannot be loaded: {error}") from None
    # Rows kept their primary keys: move each sequence past them for the next insert.
    statements = connection.ops.sequence_reset_sql(no_style(), content_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    for model in content_models():
        if issubclass(model, Searchable):
            update_search_vectors(model._default_manager.using(using))


def _restore_file(archive: zipfile.ZipFile, storage: Storage, entry: dict) -> bool:
    """Write one media file to the storage; False when an identical file is already there."""
    name = entry["name"]
    expected = {"size": entry.get("size"), "sha256": entry.get("sha256")}
    data = _read_checked(archive, MEDIA_FOLDER + name, expected)
    if storage.exists(name):
        if _stored_digest(storage, name) == expected:
            return False
        raise ArchiveError(
            f"The media storage already holds a different file named {name}; "
            "restore into an empty media storage."
        )
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        storage.delete(saved)
        raise ArchiveError(f"The media storage renamed {name} to {saved}; it must keep names.")
    return True


def _stored_digest(storage: Storage, name: str) -> dict:
    checksum = hashlib.sha256()
    size = 0
    for chunk in _stored_chunks(storage, name):
        checksum.update(chunk)
        size += len(chunk)
    return {"size": size, "sha256": checksum.hexdigest()}


def _stored_chunks(storage: Storage, name: str) -> Iterator[bytes]:
    """A stored file's bytes; a storage error names the file, not whatever is being written."""
    try:
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(_CHUNK):
                yield chunk
    except OSError as error:
        raise ArchiveError(f"The media file {name} cannot be read: {error}") from None


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
