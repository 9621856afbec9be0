"""The admin reads as written in the interface's language, on every page a person reaches.

An editor and an author go through the whole admin as a browser would: from the index,
every same-site admin link (lists, their filters, sorting and search, add and change
forms, history, revisions, compare, recover, delete confirmations, the calendar, the
translation status, the password change…), each list action's confirmation or outcome,
and each form sent back as shown (its errors or its success message). Changes made to
see a page are rolled back, so every page is seen on the same content.

In French, no word of a list of English ones may show, nor "de" before a vowel (French
elides it: "d’article", never "de article"); in English, no word of a list of French
ones. Shown means text nodes and what is read or seen from attributes (aria-label,
title, placeholder, alt, a button's value): not hidden inputs, nor what people typed
(field values). The content is written so that it holds no listed word in any language
(proper nouns and short neutral words), so a word found is the interface's; content
marked with a `lang` of another language is left out, as a browser and a screen reader
read it in that language.
"""

import io
import json
import re
from collections import Counter
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from PIL import Image

from articles.models import ArticleTranslation, Status
from editorial import services
from editorial.models import Autosave
from images.models import Image as LibraryImage
from images.models import ImageText
from tests.accessibility import parse
from tests.factories import (
    client_for,
    make_article,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)


def words(text: str) -> list[str]:
    return text.split()


# Words that never belong in the other interface. Short function words catch whole
# untranslated sentences; the admin's own words catch buttons, titles and links.
ENGLISH_WORDS = words("""
    add added address addresses after all and any are ascending author authors back
    before body by calendar cancel Change changed choose clear close confirm
    content create current date_hierarchy delete deleted descending draft edit editor
    empty english enter filter filters first french from german go group groups hero
    hide history home in into is it language languages last log more my name new next
    no none nothing now objects of only other password planned please previous
    published recent recover remove renew review revert run save saved schedule
    scheduled search see select selected series show site's sort sorting status still
    submit sure tags that the this title to today toggle translation translations
    unknown user username users view was were what when which who will with withdrawn
    yes you your
""")

FRENCH_WORDS = words("""
    à accueil afficher ajout ajouter allemand anglais annuler au aucun aucune auteur
    auteurs aux avec brouillon calendrier ces cet cette chapeau choisir corps dans de
    des du déconnexion effacer enregistrer est et français historique la le les leur
    modification modifier non nom nouveau nouvelle ou où oui par pas pour programmé
    publié publiée publier recherche rechercher retirer sa ses son sont supprimer sur
    série séries titre tous toutes traduction traductions un une voir vos votre
""")


def word_pattern(words: list[str]) -> re.Pattern:
    """Any of `words` as a whole word; in any case, but as written for a capitalised one
    (the English "Change" of a button, not the French verb "change")."""

    def alternatives(chosen):
        return "|".join(sorted((re.escape(word) for word in chosen), key=len, reverse=True))

    any_case = alternatives(word for word in words if word.islower())
    as_written = alternatives(word for word in words if not word.islower())
    either = f"(?i:{any_case})|{as_written}" if as_written else f"(?i:{any_case})"
    return re.compile(rf"(?<![\w’'-])(?:{either})(?![\w’'-])")


FOREIGN = {"fr": word_pattern(ENGLISH_WORDS), "en": word_pattern(FRENCH_WORDS)}
# French that betrays a translation: "de" before a vowel (French elides it: "d’article"),
# and the "objet" Django puts before a noun whose gender it does not know ("Ajouter un
# objet Auteur supplémentaire").
TRANSLATED_FRENCH = {
    "elision fault": re.compile(r"\bde [aeiouyhéèêàâîôû]", re.IGNORECASE),
    "stand-in noun": re.compile(r"\bobjets?\b", re.IGNORECASE),
}

ADDRESS = re.compile(r"\w+://\S+")

# Attributes whose text is read aloud or shown; a button's value is its label.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "aria-description")
BUTTON_TYPES = {"submit", "button", "reset"}
UNREAD_ELEMENTS = {"script", "style", "template"}
# What people typed is content, not interface: the text of a field is left out.
TYPED_ELEMENTS = {"textarea"}

MAX_PAGES = 200
# Pages of one shape (the same path with any object, the same query keys) seen at most,
# and of one path with any object: a list's filters, sorting and search combine without
# end, and one object's form reads like another's.
MAX_PER_SHAPE = 1
MAX_PER_PATH = 8
LEAVE_ALONE = ("/admin/logout/", "/admin/jsi18n/", "/admin/r/")


# Reading a page --------------------------------------------------------------------------


def shown_texts(document, language: str) -> list[str]:
    """Every text a person sees or hears on the page, content in another language apart."""
    found: list[str] = []

    def not_shown(element) -> bool:
        # A hidden field's row, or cell and column heading in a table, which Django fills
        # with text when the form is read-only. Whatever else is hidden may be shown by a
        # script, so it is read.
        classes = (element.get("class") or "").split()
        return "hidden" in classes and any(
            name == "form-row" or name.startswith(("field-", "column-")) for name in classes
        )

    def other_language(element) -> bool:
        lang = element.get("lang")
        return lang is not None and lang.split("-")[0].lower() != language

    def visit(element) -> None:
        if not isinstance(element.tag, str) or element.tag in UNREAD_ELEMENTS:
            return  # a comment, or what is not shown
        if other_language(element) or not_shown(element):
            return
        for name in READ_ATTRIBUTES:
            if element.get(name):
                found.append(element.get(name))
        if element.tag == "input" and (element.get("type") or "").lower() in BUTTON_TYPES:
            found.append(element.get("value") or "")
        if element.get("data-inline-formset"):  # the labels of an inline's own buttons
            options = json.loads(element.get("data-inline-formset"))["options"]
            found.extend(str(value) for key, value in options.items() if key.endswith("Text"))
        if element.text and element.tag not in TYPED_ELEMENTS:
            found.append(element.text)
        for child in element:
            visit(child)
            if child.tail:
                found.append(child.tail)

    visit(document)
    return [" ".join(text.split()) for text in found if text.strip()]


def faults(texts: list[str], language: str) -> list[str]:
    found = []
    for text in texts:
        text = ADDRESS.sub("", text)  # an address shown is no sentence
        # A word in capitals is an abbreviation (a time zone's EST), not a word.
        words = [word for word in FOREIGN[language].findall(text) if not word.isupper()]
        if words:
            found.append(f"{', '.join(sorted(set(words)))} in {text!r}")
        if language == "fr":
            found.extend(f"{fault} in {text!r}" for fault, pattern in TRANSLATED_FRENCH.items()
                         if pattern.search(text))
    return found


# Crawling --------------------------------------------------------------------------------


def shape(url: str) -> tuple:
    """Pages that differ only by the object shown or by query values look alike."""
    parts = urlsplit(url)
    keys = frozenset(key for key, _value in parse_qsl(parts.query, keep_blank_values=True))
    return re.sub(r"/\d+/", "/N/", parts.path), keys


def form_fields(form) -> list[tuple[str, str]]:
    """What a browser sends from `form` as shown, with its first named button."""
    sent = []
    buttons = []
    for field in form.iter():
        name = field.get("name")
        kind = (field.get("type") or "text").lower()
        if not name or "__prefix__" in name or field.get("disabled") is not None:
            continue
        if field.tag == "button" or (field.tag == "input" and kind in BUTTON_TYPES):
            buttons.append((name, field.get("value") or ""))
        elif field.tag == "textarea":
            sent.append((name, field.text or ""))
        elif field.tag == "select":
            options = list(field.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            sent.extend((name, o.get("value", o.text or "")) for o in chosen)
        elif field.tag == "input" and kind in {"checkbox", "radio"}:
            if field.get("checked") is not None:
                sent.append((name, field.get("value", "on")))
        elif field.tag == "input" and kind not in {"file", "image"}:
            sent.append((name, field.get("value", "")))
    # Radios none of which is checked (the revisions to compare): the first of each.
    for field in form.iter("input"):
        name = field.get("name")
        if (field.get("type") or "").lower() == "radio" and name not in dict(sent):
            sent.append((name, field.get("value", "on")))
    return sent + buttons[:1]


class Crawl:
    def __init__(self, client, language: str):
        self.client = client
        self.language = language
        self.seen: set[str] = set()
        self.shapes: Counter = Counter()
        self.queue: list[str] = []
        self.findings: dict[str, list[str]] = {}
        self.pages = 0
        self.posted: set = set()

    def run(self, start: str) -> dict[str, list[str]]:
        self.enqueue(start)
        while self.queue and self.pages < MAX_PAGES:
            url = self.queue.pop(0)
            response = self.client.get(url)
            self.pages += 1
            self.read(url, response)
            if response.status_code in (301, 302):
                self.enqueue(urljoin(url, response["Location"]))
            elif self.is_page(response):
                document = parse(response.content.decode())
                self.follow_links(url, document)
                self.send_forms(url, document)
        return self.findings

    # What is looked at

    @staticmethod
    def is_page(response) -> bool:
        return response.status_code == 200 and response["Content-Type"].startswith("text/html")

    def read(self, url: str, response) -> None:
        # A refusal or a page not found is read too: a link led there.
        if response.get("Content-Type", "").startswith("text/html") and response.content:
            texts = shown_texts(parse(response.content.decode()), self.language)
            if found := faults(texts, self.language):
                self.findings.setdefault(url, []).extend(found)

    @staticmethod
    def in_admin(url: str) -> bool:
        parts = urlsplit(url)
        return (parts.netloc in ("", "testserver") and parts.path.startswith("/admin/")
                and not parts.path.startswith(LEAVE_ALONE))

    def enqueue(self, url: str) -> None:
        if not self.in_admin(url):
            return
        parts = urlsplit(url)
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        path_shape = shape(url)[0]
        if (url in self.seen or self.shapes[shape(url)] >= MAX_PER_SHAPE
                or self.shapes[path_shape] >= MAX_PER_PATH):
            return
        self.seen.add(url)
        self.shapes[shape(url)] += 1
        self.shapes[path_shape] += 1
        self.queue.append(url)

    def follow_links(self, url: str, document) -> None:
        for link in document.iter("a"):
            href = link.get("href")
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                self.enqueue(urljoin(url, href))

    # What is sent: searches and filters as shown; posts once per kind of form, undone

    def send_forms(self, url: str, document) -> None:
        for form in document.iter("form"):
            action = urljoin(url, form.get("action") or urlsplit(url).path)
            if not self.in_admin(action):
                continue
            fields = form_fields(form)
            if (form.get("method") or "get").lower() == "get":
                if "q" in dict(fields):  # a list's search box: a search that finds nothing
                    fields = [(name, "zzzz" if name == "q" else value) for name, value in fields]
                self.enqueue(f"{urlsplit(action).path}?{urlencode(fields)}")
            elif form.get("id") == "changelist-form":
                self.try_actions(action, form)
            elif ("post", shape(action)[0]) not in self.posted:
                self.posted.add(("post", shape(action)[0]))
                if urlsplit(action).path.endswith("/delete/"):
                    fields.append(("post", "yes"))
                self.post_and_read(action, fields, "sent as shown")

    def post_and_read(self, url: str, fields: list[tuple[str, str]], label: str) -> None:
        """Post `fields` to `url`, read the answer and the page it leads to, then undo all."""
        data: dict[str, list[str]] = {}
        for name, value in fields:
            data.setdefault(name, []).append(value)
        with transaction.atomic():
            response = self.client.post(url, data)
            self.read(f"{label} {url}", response)
            if response.status_code in (301, 302):
                target = urljoin(url, response["Location"])
                if self.in_admin(target):
                    self.read(f"{label} {url} → {target}", self.client.get(target))
            transaction.set_rollback(True)

    def try_actions(self, url: str, form) -> None:
        """Each list action on the list's first row: its confirmation page or its outcome."""
        if ("actions", shape(url)[0]) in self.posted:
            return
        self.posted.add(("actions", shape(url)[0]))
        boxes = [field for field in form.iter("input") if field.get("name") == "_selected_action"]
        select = next((s for s in form.iter("select") if s.get("name") == "action"), None)
        if not boxes or select is None:
            return
        pk = boxes[0].get("value")
        tokens = [(field.get("name"), field.get("value")) for field in form.iter("input")
                  if field.get("name") == f"token-{pk}"]
        for option in select.iter("option"):
            if option.get("value"):
                fields = [("action", option.get("value")), ("_selected_action", pk), *tokens]
                self.post_and_read(url, fields, f"action {option.get('value')}")


# The content: neutral words, the same in every language ----------------------------------


def picture() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), "teal").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="disc.jpg")


@pytest.fixture
def desk(db):
    """Staff, a series, articles in every state, history, a deleted author, a redirect."""
    ada = make_author("Ada Lovelace", slug="ada", bios={"fr": "Mathématicienne.",
                                                         "en": "Mathematician."})
    bruno = make_author("Bruno Kreisky", slug="bruno")
    series = make_series(
        fr={"title": "Modèles ouverts", "slug": "modeles-ouverts", "blurb": "Rivalité numérique."},
        en={"title": "Open models", "slug": "open-models", "blurb": "Digital rivalry."},
    )
    now = timezone.now()
    opened = make_article(series=series, part=1, authors=[ada, bruno], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir", "standfirst": "Bref.",
               "body": "## Ouvrir\n\nTexte.", "hero_alt": "Disque bleu"},
        "en": {"title": "Why open", "slug": "why-open", "standfirst": "Brief.",
               "body": "## Opening\n\nText.", "hero_alt": "Blue disc"},
    })
    opened.hero_image.save("disc.jpg", picture())
    opened.versions.get(language="fr").tags.set(["stratégie"])
    opened.versions.get(language="en").tags.set(["strategy"])
    make_article(series=series, part=2, authors=[ada], announced=True,
                 target_date=(now + timedelta(days=5)).date(), versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer", "status": Status.PLANNED,
               "publish_at": None, "standfirst": "Un chapeau.", "body": "Du texte."},
        "en": {"title": "Why guard", "slug": "why-guard", "status": Status.IN_REVIEW,
               "publish_at": None},
    })
    make_article(series=series, part=3, authors=[bruno], versions={
        "fr": {"title": "Prévu", "slug": "prevu", "status": Status.SCHEDULED,
               "publish_at": now + timedelta(days=2), "standfirst": "Un chapeau.",
               "body": "Du texte."},
        "en": {"title": "Retired", "slug": "retired", "status": Status.WITHDRAWN},
    })
    make_article(authors=[ada], versions={
        "en": {"title": "Open weights", "slug": "open-weights", "status": Status.DRAFT,
               "publish_at": None},
    })
    editor = make_staff("Editor", username="eve")
    writer = make_staff("Author", author=ada, username="ada-login")
    editor_client = client_for(editor)
    # Two saves and a deletion through the admin, for history, compare and recover.
    change = reverse("admin:articles_article_change", args=[opened.pk])
    for title, slug in [("Pourquoi ouvrir grand", "pourquoi-ouvrir-grand"),
                        ("Pourquoi ouvrir", "pourquoi-ouvrir")]:
        data = rendered_form_data(editor_client.get(change))
        data |= {key: title for key, value in data.items() if key.endswith("-title")
                 and value.startswith("Pourquoi")}
        data |= {key: slug for key, value in data.items() if key.endswith("-slug")
                 and value.startswith("pourquoi")}
        # Renamed for readers at once, not kept as pending changes.
        data |= {key.replace("-id", "-publish_directly"): "on" for key, value in data.items()
                 if key.startswith("versions-") and key.endswith("-id") and value}
        assert editor_client.post(change, data).status_code == 302
    gone = make_author("Carl Sagan", slug="carl")
    delete = reverse("admin:authors_author_delete", args=[gone.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 302
    # An image of the library shown in a body (its page, its refused deletion, the picker),
    # and typing left unsaved by each person (the autosave's offer).
    figure = LibraryImage.objects.create()
    figure.file.save("barrage.jpg", picture())
    for code, alt in [("fr", "Barrage"), ("en", "Dam")]:
        ImageText.objects.create(image=figure, language=code, alt=alt, caption=alt)
    french = opened.versions.get(language="fr")
    french.body += f"\n\n{figure.markdown('fr')}"
    french.save()
    for person in (editor, writer):
        Autosave.objects.create(
            user=person, content_type=ContentType.objects.get_for_model(ArticleTranslation),
            object_id=str(french.pk), fields={"title": "Pourquoi ouvrir enfin"},
        )
    # Changes waiting on a live version: the panel's notice, "Compare with live".
    services.changes_save(version=opened.versions.get(language="en"),
                          values={"body": "## Opening\n\nText, Zeta."},
                          tag_names=["strategy", "Zeta"], by=writer)
    return {"editor": editor, "writer": writer}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("person", ["editor", "writer"])
def test_every_admin_page_reads_in_the_interface_language(desk, person, language):
    crawl = Crawl(client_for(desk[person], language=language), language)
    crawl.run(reverse("admin:index"))
    # Opened by the body editor's image button, not by a link.
    findings = crawl.run(f"{reverse('admin:images_image_picker')}?target=id_body")

    pages_by_fault: dict[str, list[str]] = {}
    for url, found in sorted(findings.items()):
        for fault in found:
            pages_by_fault.setdefault(fault, []).append(url)
    report = "\n".join(f"{fault}\n    on {len(urls)} pages: {', '.join(urls[:3])}"
                       for fault, urls in sorted(pages_by_fault.items()))
    assert crawl.pages > 30, f"only {crawl.pages} pages reached"
    assert not findings, f"{len(findings)} pages of {crawl.pages}:\n{report}"


def test_a_restore_reads_in_each_readers_language_in_the_history(db):
    """A series restored by an editor working in English reads as restored in French too."""
    from reversion.models import Version as RevisionRecord

    series = make_series(fr={"title": "Modèles ouverts", "slug": "modeles-ouverts"})
    editor = make_staff("Editor")
    english, french = client_for(editor, "en"), client_for(editor, "fr")
    change = reverse("admin:series_series_change", args=[series.pk])
    for title in ("Modèles fermés", "Modèles mixtes"):
        data = rendered_form_data(english.get(change))
        data |= {key: title for key, value in data.items() if key.endswith("-title") and value}
        assert english.post(change, data).status_code == 302
    older = RevisionRecord.objects.get_for_object(series).last()
    revision = reverse("admin:series_series_revision", args=[series.pk, older.pk])
    assert english.post(revision, rendered_form_data(english.get(revision))).status_code == 302

    history = reverse("admin:series_series_history", args=[series.pk])
    french_history = " ".join(shown_texts(parse(french.get(history).content.decode()), "fr"))
    english_history = " ".join(shown_texts(parse(english.get(history).content.decode()), "en"))
    with translation.override("fr"), timezone.override("Europe/Paris"):
        saved_on = formats.localize(timezone.localtime(older.revision.date_created))
    assert f"Restauré depuis une version précédente, enregistrée le {saved_on}" in french_history
    assert "Reverted to previous version" in english_history


def test_the_strings_reworded_for_french_stay_in_the_catalogue():
    """make messages keeps only msgids found in our sources: editorial.rephrased_strings
    holds Django's, reversion's and taggit's, each with our French."""
    from editorial import rephrased_strings

    listed = [*rephrased_strings.DJANGO_ADMIN, *rephrased_strings.REVERSION,
              *rephrased_strings.TAGGIT]
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES"
                                 / "django.po"))
    translated = {entry.msgid for entry in catalogue.translated_entries()}
    msgids = [text for text in listed if isinstance(text, str)]  # plurals are lazy objects
    assert len(msgids) > 30
    assert [msgid for msgid in msgids if msgid not in translated] == []


def test_text_boxes_say_the_language_they_are_written_in(db):
    """In the French admin, an English version's text is marked English, and the other way
    round: the browser checks its spelling, a screen reader reads it, in that language."""
    article = make_article(versions={"fr": {"title": "Pourquoi ouvrir"},
                                     "en": {"title": "Why open"}})
    english = article.versions.get(language="en")
    client = client_for(make_staff("Editor"), "fr")

    page = parse(client.get(reverse("admin:articles_article_change",
                                    args=[article.pk])).content.decode())
    fields = {field.get("value") or field.text: field.get("lang")
              for field in page.iter() if field.tag in ("input", "textarea")}
    assert fields["Pourquoi ouvrir"] == "fr"
    assert fields["Why open"] == "en"

    page = parse(client.get(reverse("admin:articles_articletranslation_change",
                                    args=[english.pk])).content.decode())
    body = next(field for field in page.iter("textarea") if field.get("name") == "body")
    assert body.get("lang") == "en"


@pytest.mark.parametrize(("html", "language", "found"), [
    ("<h1>Ajout de article</h1>", "fr", ["elision fault in 'Ajout de article'"]),
    ("<p>Ajouter un objet Auteur supplémentaire</p>", "fr",
     ["stand-in noun in 'Ajouter un objet Auteur supplémentaire'"]),
    ('<input type="submit" value="Save">', "fr", ["Save in 'Save'"]),
    ('<img alt="Search" src="s.svg">', "fr", ["Search in 'Search'"]),
    ("<p>Historique</p>", "en", ["Historique in 'Historique'"]),
    ("<p>Modifier l’article</p><p>la restaurer ne change rien</p>", "fr", []),
    ('<p lang="en">Why the open models win</p>', "fr", []),
    ('<input type="hidden" name="a" value="the">', "fr", []),
    ("<p>EST</p><p>https://example.org/calendar/x.ics</p>", "en", []),
])
def test_the_crawl_tells_the_other_language_from_this_one(html, language, found):
    assert faults(shown_texts(parse(html), language), language) == found


@pytest.mark.django_db
def test_every_model_an_editor_manages_has_its_titles_written_whole():
    """A model registered later would fall back to Django's "Add %s", which French cannot
    say without the noun's gender: each one an editor or an author may open names its
    titles in editorial.admin.wording."""
    from django.contrib import admin

    from editorial.admin.wording import TITLES

    editor, author = make_staff("Editor"), make_staff("Author")
    reached = {
        model._meta.label_lower
        for model in admin.site._registry
        for person in (editor, author)
        if person.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    }
    assert "articles.article" in reached
    assert sorted(reached - set(TITLES)) == []
