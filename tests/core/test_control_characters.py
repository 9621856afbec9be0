"""Control characters pasted into the content's text are removed on save, never stored.

Whoever saves: the admin's forms, the ORM (the shell, a script) or an import writing raw
rows. Tabs and line feeds stay; a carriage return is stored in no field, single-line or
not: a line ends with a line feed.
"""

import pytest
from django.conf import settings
from django.core import serializers
from django.urls import reverse
from taggit.models import Tag

from articles.models import ArticleTranslation, Status
from authors.models import Author, AuthorLink, AuthorTranslation
from series.models import SeriesTranslation
from tests.factories import (
    make_article,
    make_author,
    make_series,
    rendered_form_data,
)

# Every C0 control but tab, line feed and carriage return, and DEL.
CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                          0x7F])
# What a stored title carried before: a vertical tab and an escape.
PASTED = "\x0b\x1b"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def dirty(text: str, controls: str = CONTROLS) -> str:
    """`text` with control characters pasted in the middle of it and at its end."""
    middle = len(text) // 2
    return text[:middle] + controls + text[middle:] + PASTED


def pasted(text: str) -> str:
    """What a browser can post: Django's forms refuse NUL with an error of their own."""
    return dirty(text, CONTROLS.replace("\x00", ""))


def has_controls(value: str) -> bool:
    return any(character in CONTROLS for character in value)


@pytest.mark.django_db
class TestOrmSaves:
    def test_every_text_field_of_the_content_is_cleaned(self):
        series = make_series(**{code: {
            "title": dirty(f"Série {code}"), "slug": f"serie-{code}",
            "blurb": dirty(f"un thème {code}"), "cover_alt": dirty("Un disque"),
        } for code in LANGUAGES})
        author = make_author(dirty("Ada Lovelace"), honours=dirty("FBA"),
                             bios={code: dirty(f"Ada *écrit* {code}.") for code in LANGUAGES})
        link = AuthorLink.objects.create(author=author, label=dirty("Mastodon"),
                                         url="https://social.example.org/@ada")
        article = make_article(authors=[author], versions={code: {
            "title": dirty(f"Pourquoi ouvrir {code}"), "slug": f"pourquoi-ouvrir-{code}",
            "standfirst": dirty("Le chapeau."), "body": dirty("## Un\n\nTexte.\n"),
            "hero_alt": dirty("Un disque bleu"), "source_name": dirty("Le Monde"),
            "source_licence": dirty("CC BY"),
        } for code in LANGUAGES})

        for row in [*SeriesTranslation.objects.filter(series=series),
                    Author.objects.get(pk=author.pk), AuthorLink.objects.get(pk=link.pk),
                    *AuthorTranslation.objects.filter(author=author),
                    *ArticleTranslation.objects.filter(article=article)]:
            for field in row._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str):
                    assert not has_controls(value), (row, field.name, value)
        for code in LANGUAGES:
            version = article.versions.get(language=code)
            assert version.title == f"Pourquoi ouvrir {code}"
            assert version.standfirst == "Le chapeau."
            assert version.body == "## Un\n\nTexte.\n"
            assert not has_controls(version.body_html + version.body_text)
        assert Author.objects.get(pk=author.pk).display_name == "Ada Lovelace FBA"

    def test_a_saved_title_loses_what_it_carried(self):
        """The issue's case: a title stored with "\\x0b\\x1b" in it."""
        article = make_article(versions={code: {} for code in LANGUAGES})
        for version in article.versions.all():
            version.title = f"Titre{PASTED} {version.language}"
            version.save()
            version.refresh_from_db()
            assert version.title == f"Titre {version.language}"

    def test_a_save_of_some_fields_cleans_those_it_writes(self):
        version = make_article(versions={LANGUAGES[0]: {}}).versions.get()
        version.standfirst = dirty("Chapeau")

        version.save(update_fields=["standfirst"])

        version.refresh_from_db()
        assert version.standfirst == "Chapeau"

    def test_tabs_and_line_feeds_stay_carriage_returns_become_line_feeds(self):
        author = make_author("Ada", bios={code: "Un\r\ndeux\rtrois\n\tquatre"
                                          for code in LANGUAGES})
        article = make_article(versions={LANGUAGES[0]: {
            "title": "Deux\r\nlignes\tet une tabulation", "body": "Un\r\n\r\nDeux\r",
        }})

        version = article.versions.get()
        assert version.title == "Deux\nlignes\tet une tabulation"
        assert version.body == "Un\n\nDeux\n"
        for text in author.translations.all():
            assert text.bio == "Un\ndeux\ntrois\n\tquatre"

    def test_tags_are_named_without_control_characters(self):
        article = make_article(versions={code: {} for code in LANGUAGES})
        Tag.objects.create(name="stratégie")
        for version in article.versions.all():
            version.tags.set([dirty("stratégie"), f"ta{PASTED}g", PASTED])

        for version in article.versions.all():
            assert sorted(version.tags.names()) == ["stratégie", "tag"]
        # The pasted name found the existing tag instead of making a second one.
        assert Tag.objects.filter(name__startswith="strat").count() == 1
        assert Tag.objects.create(name=f"i{PASTED}a").name == "ia"


@pytest.mark.django_db
def test_an_import_writing_raw_rows_stores_them_cleaned():
    """import_content and restored revisions write rows without save(): cleaned anyway."""
    article = make_article(versions={code: {} for code in LANGUAGES})
    records = serializers.serialize("python", article.versions.all())
    for record in records:
        record["fields"]["title"] = dirty("Importé")
        record["fields"]["body"] = dirty("Un corps importé.")
    ArticleTranslation.objects.all().delete()

    for row in serializers.deserialize("python", records):
        row.save()

    for version in article.versions.all():
        assert (version.title, version.body) == ("Importé", "Un corps importé.")


# The admin's forms ----------------------------------------------------------------------


def post_change_page(client, url: str, changes) -> None:
    """Post the change page's form as a browser would, with `changes(data)` applied."""
    data = rendered_form_data(client.get(url))
    changes(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and (
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    )


@pytest.mark.django_db
def test_the_admin_stores_a_version_s_texts_cleaned(editor_client):
    article = make_article(versions={code: {"title": f"Titre {code}", "slug": f"titre-{code}",
                                            "status": Status.DRAFT, "publish_at": None}
                                     for code in LANGUAGES})

    def paste(data):
        for key in [key for key in data if key.startswith("versions-") and key.count("-") == 2]:
            name = key.rsplit("-", 1)[1]
            if name in {"title", "standfirst", "hero_alt", "source_name"}:
                data[key] = pasted(data[key] or "texte") + "\r\nbis"
            elif name == "body":
                data[key] = pasted("Un\r\n\r\nDeux")
            elif name == "tags":
                data[key] = f"ta{PASTED}g, {pasted('stratégie')}"

    post_change_page(editor_client, reverse("admin:articles_article_change", args=[article.pk]),
                     paste)

    for code in LANGUAGES:
        version = article.versions.get(language=code)
        assert version.title == f"Titre {code}\nbis"
        assert version.standfirst == "A standfirst.\nbis"  # a multi-line field
        assert version.body == "Un\n\nDeux"
        assert sorted(version.tags.names()) == ["stratégie", "tag"]


@pytest.mark.django_db
def test_the_admin_stores_an_author_and_a_series_cleaned(editor_client):
    author = make_author("Ada", bios={code: f"Bio {code}" for code in LANGUAGES})
    series = make_series(**{code: {"title": f"Série {code}", "slug": f"serie-{code}"}
                            for code in LANGUAGES})

    def paste_author(data):
        data["name"], data["honours"] = pasted("Ada Lovelace"), pasted("FBA")
        for key in [key for key in data if key.endswith(("-bio", "-role"))]:
            data[key] = pasted(data[key] or "Professeure")

    def paste_series(data):
        for key in [key for key in data if key.endswith(("-title", "-blurb"))]:
            data[key] = pasted(data[key])

    post_change_page(editor_client, reverse("admin:authors_author_change", args=[author.pk]),
                     paste_author)
    post_change_page(editor_client, reverse("admin:series_series_change", args=[series.pk]),
                     paste_series)

    author.refresh_from_db()
    assert (author.name, author.honours) == ("Ada Lovelace", "FBA")
    for text in author.translations.all():
        assert (text.bio, text.role) == (f"Bio {text.language}", "Professeure")
    for text in series.translations.all():
        assert text.title == f"Série {text.language}"
        assert text.blurb == "un thème"


@pytest.mark.django_db
def test_the_admin_refuses_a_title_made_of_control_characters_only(editor_client):
    series = make_series(**{code: {} for code in LANGUAGES})
    url = reverse("admin:series_series_change", args=[series.pk])
    data = rendered_form_data(editor_client.get(url))
    data["translations-0-title"] = PASTED

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert not has_controls(series.translations.get(language=LANGUAGES[0]).title)
    assert SeriesTranslation.objects.filter(title="").count() == 0
