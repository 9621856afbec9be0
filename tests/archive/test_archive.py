"""Content archives: export, restore into an empty database, export again — nothing lost."""

import collections
import errno
import hashlib
import io
import json
import re
import struct
import zipfile
from datetime import date, timedelta

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from PIL import Image
from reversion.models import Revision
from reversion.models import Version as RevisionRecord
from taggit.models import Tag

from archive import content as archive
from articles.models import Article, ArticleTranslation, PendingChange, Status
from authors.models import Author, AuthorLink
from editorial import notes, services
from editorial.models import Note
from images.models import Image as LibraryImage
from images.models import ImageText
from redirects.models import Redirect
from series.models import Series
from tests.factories import make_article, make_author, make_series, make_staff


@pytest.fixture
def storage(settings):
    """A media storage of this test's own, empty."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


def jpeg(colour=(30, 90, 160), size=(900, 600)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


@pytest.fixture
def content(db, storage):
    """A little of everything: images, tags, picks, a redirect, revisions, a deletion."""
    editor = make_staff("Editor", username="camille", first_name="Camille",
                        last_name="Martin", email="camille@example.org")
    series = make_series(fr={"title": "Jeux de pouvoir", "slug": "jeux", "blurb": "l’IA"},
                         en={"title": "Power Play", "slug": "power-play", "blurb": "AI"})
    ada = make_author("Ada Lovelace", bios={"fr": "Elle **calcule**.", "en": "She computes."},
                      honours="FBA", website="https://example.org/ada", portrait=jpeg())
    AuthorLink.objects.create(author=ada, label="Blog", url="https://example.org/blog",
                              position=1)
    library_image = LibraryImage.objects.create(file=jpeg((90, 90, 30)))
    for language, caption in (("fr", "Le port à l’aube"), ("en", "The harbour at dawn")):
        ImageText.objects.create(image=library_image, language=language, alt=caption,
                                 caption=caption, credit="Photo: Ada")
    first = make_article(
        series=series, part=1, authors=[ada], hero_image=jpeg((200, 40, 40)),
        hero_credit="Photo: Ada", announced=True, versions={
            "fr": {"title": "Ouvert ou fermé", "slug": "ouvert", "hero_alt": "Une porte",
                   "body": "## Partie\n\nDu *texte*.", "source_name": "The Conversation",
                   "source_url": "https://example.org/original",
                   "source_licence": "CC BY-ND 4.0"},
            "en": {"title": "Open or closed", "slug": "open", "hero_alt": "A door",
                   "hero_caption": "The way in",
                   "body": f"Text.\n\n![harbour](image:{library_image.pk})"},
        })
    follow_up = make_article(series=series, part=2, target_date=date(2031, 5, 1),
                             announced=True, versions={
                                 "fr": {"title": "La suite", "status": Status.PLANNED,
                                        "publish_at": None}})
    first.related_articles.add(follow_up)
    follow_up.related_articles.add(first)
    french = first.versions.get(language="fr")
    french.tags.add("IA", "logiciel libre")
    first.versions.get(language="en").tags.add("AI")
    Redirect.objects.create(old_path="/fr/articles/ancien/", new_path="/fr/articles/ouvert/")

    for title in ("Ouvert ou fermé ?", "Ouvert, ou fermé ?"):
        with reversion.create_revision():
            french.title = title
            french.save()
            reversion.add_to_revision(first)
            reversion.set_user(editor)
            reversion.set_comment(f"Title: {title}")

    gone = make_article(hero_image=jpeg((10, 160, 10)), versions={"en": {"slug": "gone"}})
    with reversion.create_revision():
        reversion.add_to_revision(gone)
        reversion.set_user(editor)
    gone_image = gone.hero_image.name
    gone.delete()
    return {"first": first, "follow_up": follow_up, "french": french, "ada": ada,
            "gone_image": gone_image, "library_image": library_image}


def export(path) -> zipfile.ZipFile:
    call_command("export_content", str(path), stdout=io.StringIO())
    return zipfile.ZipFile(path)


def empty_database_and_storage(storage):
    """What an empty instance has: no content rows, no media, other logins."""
    RevisionRecord.objects.all().delete()
    Revision.objects.all().delete()
    Redirect.objects.all().delete()
    Article.objects.all().delete()
    LibraryImage.objects.all().delete()
    Author.objects.all().delete()
    Series.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()
    make_staff("Editor", username="someone-else")
    restart_id_sequences()
    for name in all_files(storage):
        storage.delete(name)
    assert archive.existing_content() == {}
    assert all_files(storage) == []


def restart_id_sequences():
    """Number new rows from 1 again, as in a new database (PostgreSQL; SQLite needs none)."""
    tables = [{"table": model._meta.db_table, "column": model._meta.pk.column}
              for model in archive.content_models()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_by_name_sql(no_style(), tables):
            cursor.execute(statement)


def all_files(storage, folder="") -> list[str]:
    folders, files = storage.listdir(folder)
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += all_files(storage, f"{folder}{sub}/")
    return sorted(names)


def media_checksums(zipped: zipfile.ZipFile) -> dict[str, str]:
    return {
        name: hashlib.sha256(zipped.read(name)).hexdigest()
        for name in zipped.namelist()
        if name.startswith("media/")
    }


def comparable(manifest: dict) -> dict:
    return {key: value for key, value in manifest.items() if key != "created_at"}


@pytest.mark.django_db
class TestRoundTrip:
    def test_export_import_export_gives_the_same_archive(self, content, storage, tmp_path):
        first = export(tmp_path / "first.zip")
        first_manifest = json.loads(first.read("manifest.json"))
        empty_database_and_storage(storage)

        call_command("import_content", str(tmp_path / "first.zip"), stdout=io.StringIO())
        second = export(tmp_path / "second.zip")
        second_manifest = json.loads(second.read("manifest.json"))

        assert comparable(second_manifest) == comparable(first_manifest)
        assert second.read("content.json") == first.read("content.json")
        assert media_checksums(second) == media_checksums(first)
        assert sorted(second.namelist()) == sorted(first.namelist())

    def test_the_archive_holds_every_kind_of_content(self, content, tmp_path):
        manifest = json.loads(export(tmp_path / "a.zip").read("manifest.json"))

        counts = manifest["counts"]
        assert counts["series.series"] == 1 and counts["series.seriestranslation"] == 2
        assert counts["authors.author"] == 1 and counts["authors.authortranslation"] == 2
        assert counts["authors.authorlink"] == 1
        assert counts["articles.article"] == 2 and counts["articles.articletranslation"] == 3
        assert counts["articles.articleauthor"] == 1
        assert counts["taggit.tag"] == 3 and counts["articles.taggedarticletranslation"] == 3
        assert counts["redirects.redirect"] == 1
        assert counts["images.image"] == 1 and counts["images.imagetext"] == 2
        assert counts["articles.versionimage"] == 1
        assert counts["reversion.revision"] == 3 and counts["auth.user"] == 1
        media = [entry["name"] for entry in manifest["media"]]
        # Each image is kept with its renditions, the deleted article's too.
        assert content["first"].hero_image.name in media
        assert content["ada"].portrait.name in media
        assert content["gone_image"] in media
        assert content["library_image"].file.name in media
        assert all(row["jpeg"] in media and row["webp"] in media
                   for row in content["library_image"].renditions["renditions"])
        assert all(row["jpeg"] in media and row["webp"] in media
                   for row in content["first"].hero_renditions["renditions"])
        assert manifest["missing_media"] == []
        assert manifest["versions"]["django"]

    def test_restored_site_reads_as_before(self, content, storage, tmp_path, client):
        export(tmp_path / "a.zip")
        page_before = client.get(content["french"].get_absolute_url()).content.decode()
        empty_database_and_storage(storage)

        call_command("import_content", str(tmp_path / "a.zip"), stdout=io.StringIO())

        article = Article.objects.get(pk=content["first"].pk)
        french = article.versions.get(language="fr")
        assert french.title == "Ouvert, ou fermé ?"
        assert sorted(french.tags.names()) == ["IA", "logiciel libre"]
        assert [author.name for author in article.byline()] == ["Ada Lovelace"]
        assert list(article.related_articles.all()) == [content["follow_up"]]
        assert storage.exists(article.hero_image.name)
        page_after = client.get(french.get_absolute_url()).content.decode()
        assert "Ouvert, ou fermé ?" in page_after
        picture = storage.url(article.hero_renditions["renditions"][0]["webp"])
        assert picture in page_before and picture in page_after
        assert storage.exists(article.hero_renditions["renditions"][0]["webp"])
        assert client.get("/fr/articles/ancien/").status_code == 301
        english = article.versions.get(language="en")
        english_page = client.get(english.get_absolute_url()).content.decode()
        assert "The harbour at dawn" in english_page and "Photo: Ada" in english_page
        assert "The way in" in english_page
        image = LibraryImage.objects.get()
        assert storage.exists(image.file.name)
        assert {text.language: text.caption for text in image.translations.all()} == {
            "fr": "Le port à l’aube", "en": "The harbour at dawn"}
        assert list(image.version_uses.values_list("version", flat=True)) == [english.pk]

    def test_history_and_recovery_survive_with_authors_mapped_by_username(
        self, content, storage, tmp_path
    ):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)

        call_command("import_content", str(tmp_path / "a.zip"), stdout=io.StringIO())

        history = RevisionRecord.objects.get_for_object(content["first"])
        assert [v.revision.comment for v in history] == [
            "Title: Ouvert, ou fermé ?", "Title: Ouvert ou fermé ?"]
        author = history[0].revision.user
        assert author.username == "camille" and author.get_full_name() == "Camille Martin"
        # The login comes back unable to sign in, with nothing the archive did not carry.
        assert not author.is_active and not author.has_usable_password()
        assert author.email == "" and not author.groups.exists()
        deleted = RevisionRecord.objects.get_deleted(Article).get()
        assert deleted.object_repr.startswith("Title")

    def test_new_rows_after_an_import_get_fresh_ids(self, content, storage, tmp_path):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)
        call_command("import_content", str(tmp_path / "a.zip"), stdout=io.StringIO())

        added = make_article(versions={"fr": {"slug": "nouveau"}})

        assert added.pk > content["first"].pk
        assert Series.objects.create().pk > 0

    def test_archive_carries_no_password_or_email(self, content, tmp_path):
        text = export(tmp_path / "a.zip").read("content.json").decode()

        assert "camille@example.org" not in text
        assert '"password"' not in text and '"email"' not in text


@pytest.mark.django_db
class TestRefusals:
    def test_import_into_a_database_with_content_is_refused(self, content, tmp_path):
        export(tmp_path / "a.zip")
        before = ArticleTranslation.objects.count()

        with pytest.raises(CommandError, match="already holds content"):
            call_command("import_content", str(tmp_path / "a.zip"))

        assert ArticleTranslation.objects.count() == before

    def test_a_damaged_archive_is_refused_before_anything_is_written(
        self, content, storage, tmp_path
    ):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)
        rewrite(tmp_path / "a.zip", tmp_path / "bad.zip",
                {"content.json": lambda data: data.replace(b"Ada Lovelace", b"Ada Byron")})

        with pytest.raises(CommandError, match="checksum"):
            call_command("import_content", str(tmp_path / "bad.zip"))

        assert archive.existing_content() == {}
        assert all_files(storage) == []

    @pytest.mark.parametrize("name", ["../escape.jpg", "/etc/passwd", "a/../../b.jpg",
                                      "a\\b.jpg", "", "a//b.jpg"])
    def test_media_names_that_leave_the_storage_are_refused(self, content, tmp_path, name):
        export(tmp_path / "a.zip")

        def unsafe(data):
            manifest = json.loads(data)
            manifest["media"][0]["name"] = name
            return json.dumps(manifest).encode()

        rewrite(tmp_path / "a.zip", tmp_path / "bad.zip", {"manifest.json": unsafe})

        with pytest.raises(CommandError, match="unsafe media file"):
            call_command("import_content", str(tmp_path / "bad.zip"))

    def test_a_file_that_is_not_an_archive_is_refused(self, db, tmp_path):
        (tmp_path / "notes.zip").write_text("not a zip")

        with pytest.raises(CommandError, match="cannot be read"):
            call_command("import_content", str(tmp_path / "notes.zip"))

    def test_an_archive_from_a_newer_schema_is_refused(self, content, storage, tmp_path):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)

        def newer(data):
            manifest = json.loads(data)
            manifest["migrations"]["articles"].append("9999_from_the_future")
            return json.dumps(manifest).encode()

        rewrite(tmp_path / "a.zip", tmp_path / "new.zip", {"manifest.json": newer})

        with pytest.raises(CommandError, match=r"articles\.9999_from_the_future"):
            call_command("import_content", str(tmp_path / "new.zip"))


def rewrite(source, target, changes: dict, compression: dict | None = None):
    """Copy an archive, passing some members through a change or another compression."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            info.compress_type = (compression or {}).get(info.filename, info.compress_type)
            new.writestr(info, changes.get(info.filename, lambda d: d)(data))


def tamper(source, target, *, records=lambda rows: None, manifest=lambda data: None):
    """Copy an archive, changing its rows and its manifest in place, with checksums to match.

    What someone who crafts an archive can do: the checksums only detect accidents.
    """
    with zipfile.ZipFile(source) as old:
        rows = json.loads(old.read("content.json"))
        data = json.loads(old.read("manifest.json"))
    records(rows)
    content = json.dumps(rows).encode()
    data["content"].update(size=len(content), sha256=hashlib.sha256(content).hexdigest())
    manifest(data)
    rewrite(source, target, {"content.json": lambda _: content,
                             "manifest.json": lambda _: json.dumps(data).encode()})


def zip_bomb(source, target):
    """A copy whose manifest gives content.json 10 bytes; it holds 1 MB (1 kB deflated)."""
    with zipfile.ZipFile(source) as old:
        manifest = json.loads(old.read("manifest.json"))
    manifest["content"].update(size=10, sha256=hashlib.sha256(b" " * 10).hexdigest())
    rewrite(source, target, {"manifest.json": lambda _: json.dumps(manifest).encode(),
                             "content.json": lambda _: b" " * 1_000_000})


def lie_about_size(path, name: str, size: int):
    """Make the zip entry of ``name`` claim ``size`` bytes, whatever it holds."""
    data = bytearray(path.read_bytes())
    # Local file header (size at 22, name at 30) and central directory entry (24, 46).
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at:start + name_at + len(name)] == name.encode():
                struct.pack_into("<I", data, start + size_at, size)
            start += 1
    path.write_bytes(bytes(data))


def count_reads(monkeypatch) -> collections.Counter:
    """From now on, how many bytes each archive member gives when it is read."""
    counts = collections.Counter()
    read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = read(self, n)
        counts[self.name] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counts


def fields_of(rows, label) -> dict:
    """The fields of the first row of a model, to change in place."""
    return next(row for row in rows if row["model"] == label)["fields"]


@pytest.mark.django_db
class TestHostileArchives:
    """Crafted archives are refused on one line, reading no more than the manifest says."""

    def test_a_member_larger_than_the_manifest_says_is_not_inflated(
        self, storage, tmp_path, monkeypatch
    ):
        export(tmp_path / "a.zip")
        zip_bomb(tmp_path / "a.zip", tmp_path / "bomb.zip")
        inflated = count_reads(monkeypatch)

        with pytest.raises(CommandError, match="holds 1000000 bytes where the manifest says 10"):
            call_command("import_content", str(tmp_path / "bomb.zip"))

        assert inflated["content.json"] == 0

    def test_a_zip_entry_lying_about_its_size_is_not_read_past_the_manifest(
        self, storage, tmp_path, monkeypatch
    ):
        export(tmp_path / "a.zip")
        zip_bomb(tmp_path / "a.zip", tmp_path / "liar.zip")
        lie_about_size(tmp_path / "liar.zip", "content.json", 10)
        inflated = count_reads(monkeypatch)

        with pytest.raises(CommandError, match=r"content\.json cannot be read from the archive"):
            call_command("import_content", str(tmp_path / "liar.zip"))

        assert inflated["content.json"] <= 10

    def test_a_media_file_larger_than_the_manifest_says_is_refused_before_anything_is_written(
        self, content, storage, tmp_path, monkeypatch
    ):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)
        names = []

        def shrink(data):
            names.append(data["media"][0]["name"])
            data["media"][0]["size"] = 10

        tamper(tmp_path / "a.zip", tmp_path / "bad.zip", manifest=shrink)
        inflated = count_reads(monkeypatch)

        message = re.escape(f"media/{names[0]} does not match its checksum")
        with pytest.raises(CommandError, match=message):
            call_command("import_content", str(tmp_path / "bad.zip"))

        assert inflated["media/" + names[0]] == 0
        assert archive.existing_content() == {}
        assert all_files(storage) == []

    def test_a_member_compressed_by_another_method_is_refused(self, storage, tmp_path):
        """bzip2 and LZMA members are inflated a whole block at a time: none are read."""
        export(tmp_path / "a.zip")
        rewrite(tmp_path / "a.zip", tmp_path / "bz2.zip", {},
                compression={"content.json": zipfile.ZIP_BZIP2})

        with pytest.raises(CommandError, match="compressed by a method"):
            call_command("import_content", str(tmp_path / "bz2.zip"))

    @pytest.mark.parametrize("change", [
        pytest.param(lambda rows: fields_of(rows, "articles.article").update(
            hero_image="../../../etc/passwd"), id="hero image outside the storage"),
        pytest.param(lambda rows: fields_of(rows, "articles.article").update(
            hero_image="/etc/passwd"), id="absolute hero image"),
        pytest.param(lambda rows: fields_of(rows, "authors.author").update(
            portrait="portraits/not-in-the-archive.jpg"), id="portrait not archived"),
        pytest.param(lambda rows: fields_of(rows, "authors.author").update(
            portrait=["a.jpg"]), id="portrait not a name"),
        pytest.param(lambda rows: fields_of(rows, "articles.article")[
            "hero_renditions"]["renditions"][0].update(webp="../x.webp"),
            id="rendition outside the storage"),
        pytest.param(lambda rows: fields_of(rows, "reversion.version").update(
            serialized_data=json.dumps([{"model": "articles.article", "pk": 1, "fields": {
                "hero_image": "../../../etc/passwd"}}])), id="revision outside the storage"),
    ])
    def test_rows_naming_a_file_outside_the_archive_are_refused(
        self, content, storage, tmp_path, change
    ):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)
        tamper(tmp_path / "a.zip", tmp_path / "bad.zip", records=change)

        with pytest.raises(CommandError, match="names the media file"):
            call_command("import_content", str(tmp_path / "bad.zip"))

        assert archive.existing_content() == {}
        assert all_files(storage) == []

    def test_export_names_a_row_whose_image_is_outside_the_storage(self, content, tmp_path):
        first = content["first"]
        Article.objects.filter(pk=first.pk).update(hero_image="../../../etc/passwd")

        with pytest.raises(CommandError, match=rf"articles\.article {first.pk} names the media"):
            call_command("export_content", str(tmp_path / "a.zip"))

        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(("records", "manifest", "message"), [
        pytest.param(lambda rows: rows[0].pop("fields"), lambda data: None, "not a row",
                     id="record without fields"),
        pytest.param(lambda rows: fields_of(rows, "articles.article").update(colour="red"),
                     lambda data: None, "fields that model does not have: colour",
                     id="unknown field"),
        pytest.param(lambda rows: rows.append({"model": "auth.group", "fields": {}}),
                     lambda data: None, r"does not restore: auth\.group", id="other model"),
        pytest.param(lambda rows: None, lambda data: data.update(migrations=5),
                     "which migrations", id="migrations a number"),
        pytest.param(lambda rows: None, lambda data: data.update(migrations={"articles": 5}),
                     "which migrations", id="an app's migrations a number"),
        pytest.param(lambda rows: None, lambda data: data.update(format_version="1"),
                     "format version '1' is not a valid version", id="version a string"),
        pytest.param(lambda rows: None, lambda data: data["content"].update(size="20"),
                     r"does not give the size and checksum of content\.json",
                     id="size a string"),
        pytest.param(lambda rows: None, lambda data: data.update(missing_media=["../x.jpg"]),
                     "unsafe media file", id="missing file outside the storage"),
    ])
    def test_a_malformed_archive_is_refused_on_one_line(
        self, content, storage, tmp_path, records, manifest, message
    ):
        export(tmp_path / "a.zip")
        empty_database_and_storage(storage)
        tamper(tmp_path / "a.zip", tmp_path / "bad.zip", records=records, manifest=manifest)

        with pytest.raises(CommandError, match=message):
            call_command("import_content", str(tmp_path / "bad.zip"))

        assert archive.existing_content() == {}

    def test_a_database_not_migrated_yet_is_told_to_migrate(self, content, tmp_path, monkeypatch):
        export(tmp_path / "a.zip")
        # What a new database looks like to Django: no table of applied migrations.
        monkeypatch.setattr(MigrationRecorder, "has_table", lambda self: False)

        with pytest.raises(CommandError, match=r"not migrated.*Run manage\.py migrate first"):
            call_command("import_content", str(tmp_path / "a.zip"))


@pytest.mark.django_db
class TestUnwritableTarget:
    def test_a_folder_that_takes_no_files_is_named_on_one_line(self):
        with pytest.raises(CommandError, match=r"^/proc/x\.zip cannot be written: No such file"):
            call_command("export_content", "/proc/x.zip")

    def test_a_write_that_fails_leaves_no_partial_file(self, content, tmp_path, monkeypatch):
        def fill_the_disk(target):
            target.write(b"PK half an archive")
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(
            "archive.management.commands.export_content.write_archive", fill_the_disk)

        with pytest.raises(CommandError, match=r"a\.zip cannot be written: No space left"):
            call_command("export_content", str(tmp_path / "a.zip"))

        assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_export_to_standard_output(content, capsysbinary):
    call_command("export_content", "-")

    out = capsysbinary.readouterr().out
    with zipfile.ZipFile(io.BytesIO(out)) as zipped:
        assert {"manifest.json", "content.json"} <= set(zipped.namelist())


def test_every_file_field_of_the_content_is_archived():
    """An image field added to a content model later is not silently left out."""
    file_fields = {
        (label, field.name)
        for label, model in zip(archive.CONTENT_MODELS, archive.content_models(), strict=True)
        for field in model._meta.local_fields
        if isinstance(field, models.FileField)
    }

    assert file_fields == {(label, f[0]) for label, f in archive.IMAGE_FIELDS.items()}


# The editorial notes travel in the archive, their authors by username.


@pytest.mark.django_db
def test_notes_are_exported_and_imported_with_who_wrote_and_resolved_them(
    content, storage, tmp_path
):
    camille = get_user_model().objects.get(username="camille")
    on_version = notes.note_add(article=content["first"], version=content["french"],
                                by=camille, text="Vérifier la citation.")
    notes.note_resolve(note=on_version, by=camille)
    notes.note_add(article=content["first"], by=camille, text="Le visuel est à refaire.")
    before = list(Note.objects.order_by("pk").values(
        "pk", "article", "version", "text", "created_at", "resolved_at"))

    zipped = export(tmp_path / "a.zip")
    empty_database_and_storage(storage)
    call_command("import_content", str(tmp_path / "a.zip"), stdout=io.StringIO())

    assert json.loads(zipped.read("manifest.json"))["counts"]["editorial.note"] == 2
    assert "camille@example.org" not in zipped.read("content.json").decode()
    after = list(Note.objects.order_by("pk").values(
        "pk", "article", "version", "text", "created_at", "resolved_at"))
    assert after == before
    writer = Note.objects.get(version__isnull=True).written_by
    assert (writer.username, writer.is_active, writer.has_usable_password()) == (
        "camille", False, False)
    assert Note.objects.get(pk=on_version.pk).resolved_by == writer


# A live version's pending changes and scheduled withdrawal are editorial: they travel too.


@pytest.mark.django_db
def test_pending_changes_and_a_scheduled_withdrawal_survive_a_round_trip(
    content, storage, tmp_path
):
    camille = get_user_model().objects.get(username="camille")
    french = content["french"]
    english = content["first"].versions.get(language="en")
    services.changes_save(version=french, values={"title": "Ouvert, fermé ou entre les deux",
                                                  "body": "Du *texte* revu."},
                          tag_names=["ia", "ouverture"], by=camille)
    update_at = (timezone.now() + timedelta(days=3)).replace(microsecond=123456)
    withdraw_at = update_at + timedelta(days=7)
    services.changes_schedule(version=french, at=update_at, by=camille)
    services.version_schedule_withdrawal(version=english, at=withdraw_at, by=camille)
    fields = ["pk", "version", "title", "slug", "body", "tag_names", "status", "publish_at",
              "created_at", "updated_at"]
    before = list(PendingChange.objects.order_by("pk").values(*fields))

    zipped = export(tmp_path / "a.zip")
    empty_database_and_storage(storage)
    call_command("import_content", str(tmp_path / "a.zip"), stdout=io.StringIO())

    assert json.loads(zipped.read("manifest.json"))["counts"]["articles.pendingchange"] == 1
    assert list(PendingChange.objects.order_by("pk").values(*fields)) == before
    pending = PendingChange.objects.get()
    assert (pending.created_by.username, pending.changed_by.username) == ("camille", "camille")
    assert ArticleTranslation.objects.get(pk=english.pk).withdraw_at == withdraw_at
    # And they still happen at their instants.
    assert services.make_due_changes(withdraw_at + timedelta(seconds=1)) == 2
    assert ArticleTranslation.objects.get(pk=french.pk).title == (
        "Ouvert, fermé ou entre les deux")
    assert ArticleTranslation.objects.get(pk=english.pk).status == Status.WITHDRAWN
