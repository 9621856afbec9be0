"""Translating: which version a translation comes from, and what changed in it since.

A version's originals are the versions of the same article created before it; one of
them whose text changed after the version's own text last did makes it stale. The
translation status page flags stale versions, and a version's form shows its source
beside each field, with the source's changes since the translation as a diff: both
read the rule here.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.db.models import Exists, OuterRef, Prefetch
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from reversion.errors import RevertError
from reversion.models import Version as RevisionRecord

from articles.models import Article, ArticleTranslation
from core.languages import language_codes
from editorial.diff import inline as inline_changes
from editorial.roles import articles_for
from series.models import SeriesTranslation

# The texts of a version that are translated: a translator reads them in the source, in
# the form's order, and a new translation starts from them (editorial.services).
SHOWN_FIELDS = ("title", "standfirst", "body", "hero_alt", "hero_caption")


def _created(version: ArticleTranslation) -> tuple:
    return (version.created_at, version.pk)


def creation_order(versions) -> list[ArticleTranslation]:
    return sorted(versions, key=_created)


def is_original_of(original: ArticleTranslation, version: ArticleTranslation) -> bool:
    """Whether `original` (of the same article) was created before `version`.

    Versions created later are its translations, not its originals: comparing with them
    would flag every original as soon as it is translated. A version not saved yet comes
    after all the others.
    """
    return version.pk is None or _created(original) < _created(version)


def originals(version: ArticleTranslation, versions) -> list[ArticleTranslation]:
    """The originals of `version` among `versions`, first created first."""
    return [other for other in creation_order(versions) if is_original_of(other, version)]


def is_outdated(version: ArticleTranslation, original: ArticleTranslation) -> bool:
    """Whether `version` is stale: its original's text changed after its own last did."""
    return bool(
        is_original_of(original, version)
        and original.text_changed_at
        and version.text_changed_at
        and original.text_changed_at > version.text_changed_at
    )


def default_source(version: ArticleTranslation, versions) -> ArticleTranslation | None:
    """The version a translator reads beside `version`: the first of its originals.

    None for the article's first version: it was written, not translated.
    """
    found = originals(version, versions)
    return found[0] if found else None


def recorded_text(source: ArticleTranslation, at: datetime) -> dict | None:
    """The fields of `source` as its history recorded them when its text was that of `at`.

    The newest revision of `source` whose text was last changed at or before `at`; None
    when the history holds no such revision (a text written outside the admin).
    """
    for record in RevisionRecord.objects.get_for_object(source).iterator(chunk_size=20):
        try:
            fields = record.field_dict
        except RevertError:
            # Recorded under a schema that no longer reads: no text to compare with.
            continue
        recorded_at = fields.get("text_changed_at")
        if recorded_at is not None and recorded_at <= at:
            return fields
    return None


def text_recorded(version: ArticleTranslation) -> bool:
    """Whether the newest revision of `version` holds its text as it stands now."""
    record = RevisionRecord.objects.get_for_object(version).first()
    if record is None:
        return False
    recorded = record.field_dict
    return all((recorded.get(name) or "") == (getattr(version, name) or "")
               for name in SHOWN_FIELDS)


def articles_to_translate(user):
    """The articles this person may open that have a version to translate from, each
    with its versions (their text left out) and its series' texts, in three queries."""
    versions = ArticleTranslation.objects.defer(
        "body", "body_html", "body_text", "headings", "search_vector"
    )
    return (
        Article.objects.filter(pk__in=articles_for(user).values("pk"))
        # An article with no version at all has nothing to translate from yet.
        .filter(Exists(ArticleTranslation.objects.filter(article=OuterRef("pk"))))
        .select_related("series")
        .prefetch_related(
            Prefetch("versions", queryset=versions),
            Prefetch("series__translations", queryset=SeriesTranslation.objects.all()),
        )
        .order_by("series_id", "part", "pk")
    )


def missing_and_outdated(articles) -> tuple[dict[str, list[dict]], list[dict]]:
    """For each language, the articles without a version in it; and the stale translations,
    each with the original whose text changed after its own."""
    missing = {code: [] for code in language_codes()}
    outdated = []
    for article in articles:
        versions = creation_order(article.versions.all())
        present = {version.language for version in versions}
        for code in language_codes():
            if code not in present:
                missing[code].append({"article": article, "versions": versions})
        for version in versions:
            for original in versions:
                if is_outdated(version, original):
                    outdated.append({"version": version, "original": original})
    return missing, outdated


@dataclass
class SourceField:
    """One field of the source, as shown beside the same field of the translation."""

    name: str
    text: str
    # The current text with its changes since the translation marked, when stale.
    changes: SafeString | None = None


@dataclass
class Source:
    """The version a translation is read against, field by field."""

    version: ArticleTranslation
    # When the translation's own text last changed.
    translated_at: datetime | None = None
    outdated: bool = False
    # When the source changed after the translation but its history has no earlier text.
    history_missing: bool = False
    fields: dict[str, SourceField] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.version.language


def source_beside(version: ArticleTranslation, source: ArticleTranslation) -> Source:
    """What `version`'s form shows of `source`: its fields, and its changes when stale."""
    shown = Source(
        version=source,
        translated_at=version.text_changed_at,
        outdated=is_outdated(version, source),
    )
    before = recorded_text(source, version.text_changed_at) if shown.outdated else None
    shown.history_missing = shown.outdated and before is None
    for name in SHOWN_FIELDS:
        now = getattr(source, name) or ""
        entry = SourceField(name=name, text=now)
        if before is not None and (before.get(name) or "") != now:
            entry.changes = inline_changes(before.get(name) or "", now)
        shown.fields[name] = entry
    return shown


NO_SOURCE = "none"


def chosen_source(
    version: ArticleTranslation, versions, choice: str | None
) -> ArticleTranslation | None:
    """The source the editor chose by its language (a GET parameter), or the default one.

    "none" shows no source; a language the article has no other version in is no choice.
    """
    if not choice:
        return default_source(version, versions)
    if choice == NO_SOURCE:
        return None
    for candidate in versions:
        if candidate.language == choice and candidate.pk != version.pk:
            return candidate
    return default_source(version, versions)


# The form ------------------------------------------------------------------------------


class SourceBesideBoundField(BoundField):
    """A field of a translation, with the same field of its source beside it, read-only."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        rendered = super().as_widget(widget, attrs, only_initial)
        source = getattr(self.form, "source", None)
        if widget is not None or only_initial or source is None or self.name not in source.fields:
            return rendered
        return render_to_string("admin/articles/includes/source_beside.html", {
            "widget": rendered,
            "id": self.auto_id or self.html_name,
            "label": self.label,
            "source": source,
            "field": source.fields[self.name],
        })


# Set on a form class by an admin that chose the source (LanguageVersionAdmin).
UNCHOSEN = object()


class ShowsSource(forms.BaseForm):
    """A version's form that shows its source beside its text fields (SHOWN_FIELDS).

    The source is the one the admin chose (`preset_source`, see with_source), or else the
    version's first original: within an article's page too, where a new language's empty
    row gets the article's first version beside it.
    """

    bound_field_class = SourceBesideBoundField
    preset_source: "Source | None" = UNCHOSEN

    @cached_property
    def source(self) -> Source | None:
        if self.preset_source is not UNCHOSEN:
            return self.preset_source
        version = self.instance
        if version.article_id is None:
            return None
        found = default_source(version, version.article.versions.all())
        return source_beside(version, found) if found is not None else None


def with_source(form_class, source: Source | None):
    """The form class, showing `source` (None: no source) beside its fields."""
    return type(form_class.__name__, (form_class,), {"preset_source": source})


def translating_context(version: ArticleTranslation, choice: str | None) -> dict:
    """What a version's page shows about its source: the one shown, and the choices."""
    versions = list(version.article.versions.all())
    chosen = chosen_source(version, versions, choice)
    default = default_source(version, versions)
    return {
        "source": source_beside(version, chosen) if chosen is not None else None,
        "choices": [v for v in versions if v.pk != version.pk],
        "chosen": chosen.language if chosen is not None else NO_SOURCE,
        "default": default.language if default is not None else NO_SOURCE,
        "no_source": NO_SOURCE,
    }
