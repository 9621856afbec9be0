"""Restoring a revision of an article: shown first, and no language version lost unasked.

A revision of an article holds its byline and its language versions, each with its tags.
reversion's own restore deletes whatever the article follows now that the revision lacks:
a language version added since, published or not, would go without a word. Here the
editor sees first what the restore changes compared with now, and a version the revision
lacks is kept unless the editor ticks its removal (REMOVE_FIELD, one per version).
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.deletion import Collector
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from reversion.models import Revision, _safe_revert
from reversion.revisions import _follow_relations_recursive
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleTranslation,
    TaggedArticleTranslation,
)
from authors.models import Author
from editorial.diff import side_by_side

# Posted once per version the revision lacks that the editor chose to remove as well.
REMOVE_FIELD = "remove_version"

# The text of a language version that a restore writes back (not its workflow state).
RESTORED_FIELDS = ["title", "slug", "standfirst", "body", "hero_alt", "hero_caption",
                   "source_name", "source_url", "source_licence"]


@dataclass
class FieldChange:
    label: str
    now: SafeString
    restored: SafeString


@dataclass
class VersionChange:
    """One language version as the restore leaves it, compared with now."""

    language: str
    title: str
    version: ArticleTranslation | None = None  # the version as it is now, if it exists
    fields: list[FieldChange] = field(default_factory=list)
    tags_now: list[str] = field(default_factory=list)
    tags_restored: list[str] = field(default_factory=list)

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    @property
    def published(self) -> bool:
        return self.version is not None and self.version.is_published()

    @property
    def tags_changed(self) -> bool:
        return self.tags_now != self.tags_restored


@dataclass
class RestorePreview:
    """What restoring a revision of an article changes, compared with the article now."""

    remove_field = REMOVE_FIELD
    changed: list[VersionChange]
    # Versions the article has now that the revision lacks: kept unless chosen.
    missing: list[VersionChange]
    brought_back: list[VersionChange]
    byline_now: list[str]
    byline_restored: list[str]

    @property
    def byline_changed(self) -> bool:
        return self.byline_now != self.byline_restored

    @property
    def changes_anything(self) -> bool:
        return bool(self.changed or self.missing or self.brought_back or self.byline_changed)

    def chosen_removals(self, data: Mapping) -> list[ArticleTranslation]:
        """The versions the revision lacks that the posted `data` asks to remove too."""
        chosen = set(data.getlist(REMOVE_FIELD)) if hasattr(data, "getlist") else set()
        return [change.version for change in self.missing if str(change.version.pk) in chosen]


def _by_language(changes: Iterable[VersionChange]) -> list[VersionChange]:
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    return sorted(changes, key=lambda change: order.get(change.language, len(order)))


def revision_preview(*, article: Article, revision: Revision) -> RestorePreview:
    """What restoring `revision` would change in `article`, read before anything is written."""
    types = ContentType.objects.get_for_models(
        ArticleTranslation, TaggedArticleTranslation, ArticleAuthor)
    records: dict[type, list[dict]] = {model: [] for model in types}
    for record in revision.version_set.filter(content_type__in=types.values()):
        model = next(model for model, kind in types.items() if kind.pk == record.content_type_id)
        records[model].append(record.field_dict)

    tag_names = dict(Tag.objects.filter(
        pk__in=[item["tag_id"] for item in records[TaggedArticleTranslation]]
    ).values_list("pk", "name"))
    recorded_tags: dict[int, list[str]] = {}
    for item in records[TaggedArticleTranslation]:
        if item["tag_id"] in tag_names:
            recorded_tags.setdefault(item["content_object_id"], []).append(
                tag_names[item["tag_id"]])

    recorded = {fields["id"]: fields for fields in records[ArticleTranslation]}
    current = {version.pk: version for version in article.versions.prefetch_related("tags")}
    labels = {name: ArticleTranslation._meta.get_field(name).verbose_name
              for name in RESTORED_FIELDS}

    changed, missing, brought_back = [], [], []
    for pk, version in current.items():
        tags_now = sorted(tag.name for tag in version.tags.all())
        if pk not in recorded:
            missing.append(VersionChange(version.language, version.title, version,
                                         tags_now=tags_now))
            continue
        old = recorded[pk]
        change = VersionChange(version.language, old["title"], version, tags_now=tags_now,
                               tags_restored=sorted(recorded_tags.get(pk, [])))
        for name in RESTORED_FIELDS:
            now, restored = getattr(version, name) or "", old.get(name) or ""
            if now != restored:
                change.fields.append(FieldChange(labels[name], *side_by_side(now, restored)))
        if change.fields or change.tags_changed:
            changed.append(change)
    for pk, old in recorded.items():
        if pk not in current:
            brought_back.append(VersionChange(
                old["language"], old["title"], None,
                tags_restored=sorted(recorded_tags.get(pk, [])),
            ))

    def names(author_positions: Iterable[tuple[int, int]]) -> list[str]:
        author_positions = sorted(author_positions, key=lambda pair: pair[1])
        found = dict(Author.objects.filter(
            pk__in=[author for author, _position in author_positions]
        ).values_list("pk", "name"))
        return [found[author] for author, _position in author_positions if author in found]

    return RestorePreview(
        changed=_by_language(changed),
        missing=_by_language(missing),
        brought_back=_by_language(brought_back),
        byline_now=names(article.bylines.values_list("author_id", "position")),
        byline_restored=names((byline["author_id"], byline["position"])
                              for byline in records[ArticleAuthor]),
    )


def revision_revert(*, revision: Revision, keep: Collection[Model] = ()) -> None:
    """Write `revision` back, as reversion's Revision.revert(delete=True) does, but keep `keep`.

    What the revision's objects follow now and the revision lacks is deleted (a byline
    added since, a tag put on since), except the objects of `keep` and what they follow.
    """
    records = list(revision.version_set.all())
    in_revision = set()
    for record in records:
        in_revision.update(
            record._model._default_manager.using(record.db).filter(pk=record.object_id))
    kept = set(chain.from_iterable(_follow_relations_recursive(obj) for obj in keep))
    followed = set(chain.from_iterable(_follow_relations_recursive(obj) for obj in in_revision))
    gone = followed - in_revision - kept
    if gone:
        collector = Collector(using=revision._state.db)
        for model in {type(obj) for obj in gone}:
            collector.collect([obj for obj in gone if type(obj) is model])
        collector.delete()
    _safe_revert(records)


def _listed(changes: Iterable[VersionChange]) -> str:
    names = []
    for change in changes:
        if change.published:
            names.append(gettext("%(language)s (published)") % {"language": change.language_name})
        else:
            names.append(change.language_name)
    return ", ".join(names)


def restore_message(article: Article, preview: RestorePreview, *,
                    removed: Collection[ArticleTranslation], saved_at: datetime) -> str:
    """What the editor is told once a restore is saved: what came back, what stayed."""
    when = formats.date_format(timezone.localtime(saved_at), "DATETIME_FORMAT")
    parts = [gettext("“%(article)s” was restored to its revision of %(when)s.")
             % {"article": article, "when": when}]
    removed_pks = {version.pk for version in removed}
    kept = [change for change in preview.missing if change.version.pk not in removed_pks]
    gone = [change for change in preview.missing if change.version.pk in removed_pks]
    if kept:
        parts.append(gettext("Kept, though that revision did not have them: %(versions)s.")
                     % {"versions": _listed(kept)})
    if gone:
        parts.append(gettext("Removed, as you chose: %(versions)s.")
                     % {"versions": _listed(gone)})
    if preview.brought_back:
        parts.append(gettext("Brought back as drafts: %(versions)s.")
                     % {"versions": _listed(preview.brought_back)})
    return " ".join(parts)
