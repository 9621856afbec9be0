"""Articles and their language versions: what readers read, and when they may.

The series and author pages list articles, so those apps import this one. An article's
relations to its series and authors are declared by label ("series.Series"), Django's
way across apps, and its reading page joins their texts through those relations; no
module here imports them.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.deletion import CASCADE, ProtectedError
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TaggedItemBase

from core.i18n import reverse_in
from core.markdown import (
    MAX_SOURCE_CHARS,
    RenderedMarkdown,
    headings_to_json,
    image_references,
    plain_text,
    reading_minutes,
    render_markdown,
)
from core.models import CleanText, LanguageRow, Translatable
from core.text import clean_text
from images.fields import RandomFileName, ResponsiveImageField, refresh_renditions
from images.figures import LibraryFigures
from images.models import Image
from search.models import Searchable


class Status(models.TextChoices):
    PLANNED = "planned", _("planned")
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


# A version in one of these states is public once its publish time has come.
PUBLIC_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)


class ArticleQuerySet(models.QuerySet):
    def with_public_version(self, at: datetime | None = None, language: str | None = None):
        return self.filter(Exists(self._public_versions(at, language)))

    def planned(self, at: datetime | None = None):
        """Articles none of whose versions readers can see yet: the series' follow-ups."""
        return self.exclude(Exists(self._public_versions(at)))

    def announced(self):
        return self.filter(announced=True)

    def with_next_publication(self, at: datetime | None = None):
        """Each article's `next_publish_at`: when its next version becomes public by itself."""
        later = ArticleTranslation.objects.public_later(at).filter(article=OuterRef("pk"))
        return self.annotate(
            next_publish_at=Subquery(later.order_by("publish_at").values("publish_at")[:1])
        )

    def overdue(self, at: datetime | None = None):
        """Planned articles whose target date has passed with nothing public yet."""
        today = timezone.localdate(at or timezone.now())
        return self.planned(at).filter(target_date__lt=today)

    def _public_versions(self, at, language=None):
        versions = ArticleTranslation.objects.published(at=at).filter(article=OuterRef("pk"))
        if language:
            versions = versions.filter(language=language)
        return versions


def highest_known_part(series, language: str, at: datetime | None = None) -> Greatest:
    """The M of "part N of M": the highest part of `series` (an id, or an OuterRef to
    one) that readers of `language` know of at `at`, public there or announced; 0 when
    none. Each half is found through the series index, never by scanning the versions."""
    announced = (
        Article.objects.announced().filter(series=series, part__isnull=False)
        .order_by().values("series").annotate(highest=Max("part")).values("highest")
    )
    public = (
        ArticleTranslation.objects.published(at=at).in_language(language)
        .filter(article__series=series, article__part__isnull=False)
        .order_by().values("article__series").annotate(highest=Max("article__part"))
        .values("highest")
    )
    return Greatest(Coalesce(Subquery(announced), 0), Coalesce(Subquery(public), 0))


class Article(Translatable, CleanText):
    """What the language versions of one article share: series, part, byline, image, plan."""

    series = models.ForeignKey(
        "series.Series", on_delete=models.PROTECT, related_name="articles",
        null=True, blank=True, verbose_name=_("series"),
    )
    part = models.PositiveSmallIntegerField(
        _("part"), null=True, blank=True,
        help_text=_("Its place in the series: 1 for the first article."),
    )
    authors = models.ManyToManyField(
        "authors.Author", through="ArticleAuthor", related_name="articles",
        verbose_name=_("authors"),
    )
    hero_image = ResponsiveImageField(
        _("hero image"), upload_to=RandomFileName("articles"), blank=True,
        help_text=_("A JPEG, PNG or WebP photo, at least 1200 pixels wide for sharp pages."),
    )
    hero_renditions = models.JSONField(editable=False, default=dict, blank=True)
    hero_image_decorative = models.BooleanField(
        _("hero image is decorative"), default=False,
        help_text=_("Tick when the image adds nothing a text alternative would say."),
    )
    # A credit names people and agencies, the same in every language; the caption is
    # written per language (ArticleTranslation.hero_caption).
    hero_credit = models.CharField(
        _("hero image credit"), max_length=200, blank=True,
        help_text=_("Who made the image or holds its rights, e.g. “Photo: Jane Doe / Agency”. "
                    "Shown under the image."),
    )
    target_date = models.DateField(
        _("target date"), null=True, blank=True,
        help_text=_("When the editors plan to publish it; readers never see this date."),
    )
    announced = models.BooleanField(
        _("announced to readers"), default=False,
        help_text=_("Readers see its working title under “Coming next” until it is published."),
    )
    related_articles = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="picked_by",
        verbose_name=_("related articles"),
        help_text=_("Shown first under “Read more on the same theme”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    LANGUAGE_ROWS = "versions"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["series", "part", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "part"],
                name="article_unique_part_in_series",
                violation_error_message=_(
                    "Another article already has this part number in this series."
                ),
            ),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(series__isnull=False),
                name="article_part_needs_series",
                violation_error_message=_("A part number needs a series."),
            ),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(part__gte=1),
                name="article_part_from_one",
                violation_error_message=_("Part numbers start at 1."),
            ),
        ]

    def __str__(self) -> str:
        version = self.in_language_or_any()
        title = version.title if version else _("Article #%(pk)s") % {"pk": self.pk}
        if self.series_id and self.part:
            return _("%(title)s (part %(part)s)") % {"title": title, "part": self.part}
        return str(title)

    def save(self, *args, **kwargs):
        refresh_renditions(self, "hero_image", "hero_renditions")
        super().save(*args, **kwargs)

    def public_urls(self) -> dict[int, str]:
        """Where readers find this article now: its public versions' pages, by version."""
        return {version.pk: version.get_absolute_url() for version in self.versions.published()}

    def byline(self) -> list:
        """The authors in byline order."""
        return [line.author for line in self.bylines.all()]

    def is_planned(self, at: datetime | None = None) -> bool:
        return not any(version.is_published(at) for version in self.versions.all())

    def is_overdue(self, at: datetime | None = None) -> bool:
        today = timezone.localdate(at or timezone.now())
        return bool(self.target_date and self.target_date < today and self.is_planned(at))

    def overdue_since(self) -> datetime:
        """The instant the target date passed (the next day starts, site time): from then
        on `is_overdue` and the `overdue` queryset count a plan with nothing public."""
        next_day = self.target_date + timedelta(days=1)
        return timezone.make_aware(datetime.combine(next_day, time.min))


def protect_published_bylines(collector, field, sub_objs, using):
    """Refuse to delete an author whose name stands on a published or scheduled version."""
    signed = ArticleAuthor.objects.using(using).filter(
        pk__in=[byline.pk for byline in sub_objs],
        article__versions__in=ArticleTranslation.objects.timed(),
    ).distinct()
    if signed:
        raise ProtectedError(
            _("This author signs published articles; remove them from those bylines first."),
            set(signed),
        )
    CASCADE(collector, field, sub_objs, using)


class ArticleAuthor(models.Model):
    """One name in an article's byline, in order."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", verbose_name=_("article")
    )
    author = models.ForeignKey(
        "authors.Author", on_delete=protect_published_bylines, related_name="bylines",
        verbose_name=_("author"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"],
                name="article_author_once_per_byline",
                violation_error_message=_("This author is already in the byline."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.author)


class ArticleTranslationQuerySet(models.QuerySet):
    def timed(self):
        """Versions public from their publish time on: published, or scheduled."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def published(self, at: datetime | None = None):
        """The versions readers may see at `at` (now by default). The one visibility rule."""
        return self.timed().filter(publish_at__lte=at or timezone.now())

    def public_later(self, at: datetime | None = None):
        """The versions that become public by themselves after `at` (now by default)."""
        return self.timed().filter(publish_at__gt=at or timezone.now())

    def next_publication_after(self, at: datetime) -> datetime | None:
        """The first moment after `at` when one of these versions becomes public, if any.

        published() changes its answer at these moments only: caches last until then.
        """
        return self.public_later(at).aggregate(next=Min("publish_at"))["next"]

    def withdrawals_due(self, at: datetime | None = None):
        """Live versions whose scheduled withdrawal time has come (at `at`, now by default)."""
        return self.timed().filter(withdraw_at__lte=at or timezone.now())

    def next_withdrawal_after(self, at: datetime) -> datetime | None:
        """The first moment after `at` when a scheduled withdrawal takes a version away."""
        return self.timed().filter(withdraw_at__gt=at).aggregate(
            next=Min("withdraw_at"))["next"]

    def in_effective_status(self, status: str, at: datetime | None = None):
        """The versions whose effective_status(at) is `status`: the status staff see."""
        if status == Status.PUBLISHED:
            return self.published(at)
        if status == Status.SCHEDULED:
            return self.public_later(at)
        return self.filter(status=status)

    def in_language(self, language: str):
        return self.filter(language=language)

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


def clean_tag_name(name: str) -> str:
    """A tag name as core.text cleans text, without surrounding spaces."""
    return clean_text(name).strip()


class CleanTagsManager(_TaggableManager):
    """A version's tags, named by cleaned names (core.text) whoever sets them.

    Names are cleaned before taggit looks them up, so "ta", escape, "g" finds the tag "tag"
    instead of creating a second one; a name of control characters only is no tag.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = (clean_tag_name(tag) if isinstance(tag, str) else tag for tag in tags)
        return super()._to_tag_model_instances(
            [tag for tag in names if tag != ""], tag_kwargs
        )


class TaggedArticleTranslation(TaggedItemBase):
    content_object = models.ForeignKey(
        "ArticleTranslation", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged version")
        verbose_name_plural = _("tagged versions")


def reader_modified_expression(prefix: str = "") -> Greatest:
    """ArticleTranslation.reader_modified_at as an SQL expression; `prefix` leads to the
    version from another model ("content_object__")."""
    publish_at = f"{prefix}publish_at"
    return Greatest(publish_at, Coalesce(f"{prefix}revised_at", publish_at))


def render_body(
    source: str, language: str, *, figures: LibraryFigures | None = None
) -> RenderedMarkdown:
    """A version's body as readers of `language` see it: library images as figures.

    What save() stores in body_html; a preview of unsaved text calls it too.
    """
    return render_markdown(source, figures=figures or LibraryFigures(language))


# Changing one of these after publication shows readers an "Updated on" date.
READER_TEXT_FIELDS = ("title", "standfirst", "body")


class ArticleTranslation(LanguageRow, Searchable):
    """A language version: an article in one language, what readers of that language read.

    Code and admin call it a (language) version. The class keeps its first name, which
    the table, the permissions, the admin's addresses, archives and recorded revisions
    know it by.
    """

    Status = Status

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions",
        verbose_name=_("article"),
    )
    title = models.CharField(
        _("title"), max_length=300,
        help_text=_("For a planned follow-up, its working title."),
    )
    slug = models.SlugField(_("slug"), max_length=300)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown."),
        validators=[MaxLengthValidator(MAX_SOURCE_CHARS)],
    )
    hero_alt = models.CharField(
        _("hero image text alternative"), max_length=300, blank=True,
        help_text=_("Describe the hero image in this language."),
    )
    hero_caption = models.CharField(
        _("hero image caption"), max_length=500, blank=True,
        help_text=_("Shown under the hero image, in this language."),
    )
    tags = TaggableManager(
        verbose_name=_("tags"), through=TaggedArticleTranslation, blank=True,
        manager=CleanTagsManager,
        help_text=_("Comma-separated, in this version's language."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish time"), null=True, blank=True,
        help_text=_("Readers see this version from this moment on."),
    )
    withdraw_at = models.DateTimeField(
        _("withdrawal time"), null=True, blank=True, editable=False,
        help_text=_("Readers no longer see this version from this moment on."),
    )
    source_name = models.CharField(
        _("original outlet"), max_length=200, blank=True,
        help_text=_("Where this text first appeared, when it is a republication."),
    )
    source_url = models.URLField(
        _("original address"), max_length=500, blank=True,
        help_text=_("The canonical address search engines are pointed to."),
    )
    source_licence = models.CharField(_("licence"), max_length=200, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    headings = models.JSONField(editable=False, default=list, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    # The body without Markdown: what search matches and quotes in its snippets.
    body_text = models.TextField(editable=False, blank=True, default="")
    text_changed_at = models.DateTimeField(
        _("text changed"), null=True, blank=True, editable=False,
        help_text=_("When the title, standfirst or body last changed, published or not."),
    )
    revised_at = models.DateTimeField(
        _("revised"), null=True, blank=True, editable=False,
        help_text=_("When the text last changed while readers could see it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleTranslationQuerySet.as_manager()

    SEARCHED_FIELDS = {"title": "A", "standfirst": "B", "body_text": "C"}
    SEARCH_RESULT_FIELDS = ("language", "slug", "title", "standfirst", "publish_at")
    SEARCH_TIE_ORDER = ("-publish_at", "-pk")

    class Meta:
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"],
                name="article_translation_one_per_language",
                violation_error_message=_("This article already has a version in this language."),
            ),
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="article_translation_unique_slug_per_language",
                violation_error_message=_(
                    "Another article already uses this slug in this language."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(publish_at__isnull=False),
                name="article_translation_public_has_publish_time",
                violation_error_message=_(
                    "A scheduled or published version needs a publish time."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_tr_status_publish"),
            # The public lists of one language, newest first, read in index order; the
            # status makes counting them (pagination) an index-only scan.
            models.Index(
                fields=["language", "publish_at", "status"], name="article_tr_lang_publish"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if set(READER_TEXT_FIELDS) <= set(field_names):
            instance._saved_text = instance._reader_text()
        return instance

    def clean(self):
        super().clean()
        named = image_references(self.body)
        known = set(Image.objects.filter(pk__in=named).values_list("pk", flat=True))
        unknown = [image_id for image_id in named if image_id not in known]
        if unknown:
            raise ValidationError({"body": ValidationError(
                _("The body shows images that are not in the image library: %(images)s. "
                  "Insert them again with the image button."),
                code="unknown_image",
                params={"images": ", ".join(f"image:{image_id}" for image_id in unknown)},
            )})

    def save(self, *args, **kwargs):
        adding = self._state.adding
        figures = LibraryFigures(self.language)
        rendered = render_body(self.body, self.language, figures=figures)
        self.body_html = rendered.html
        self.headings = headings_to_json(rendered.headings)
        self.word_count = rendered.word_count
        derived = {"body_html", "headings", "word_count", *self.derive_searched_text()}
        text_changed = getattr(self, "_saved_text", None) not in (None, self._reader_text())
        if text_changed or self._state.adding:
            self.text_changed_at = timezone.now()
            derived.add("text_changed_at")
        if text_changed and self.is_published():
            self.revised_at = timezone.now()
            derived.add("revised_at")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | derived
        super().save(*args, **kwargs)
        self._saved_text = self._reader_text()
        searched = {*self.SEARCHED_FIELDS, "body", "language"}
        if kwargs.get("update_fields") is None or searched & set(kwargs["update_fields"]):
            self.update_search_vector()
        body_saved = kwargs.get("update_fields") is None or "body" in kwargs["update_fields"]
        if body_saved and (figures.shown or not adding):
            self._keep_image_uses(figures.shown)

    def get_absolute_url(self) -> str:
        return reverse_in(self.language, "articles:detail", slug=self.slug)

    def _keep_image_uses(self, shown: list[int]) -> None:
        """Record which library images the body shows: they cannot be deleted meanwhile.

        The body_html derived here holds their figures, like search_vector holds its
        words: a row of this version's own, not a workflow.
        """
        kept = set(self.image_uses.values_list("image_id", flat=True))
        if kept - set(shown):
            self.image_uses.filter(image_id__in=kept - set(shown)).delete()
        VersionImage.objects.bulk_create(
            [VersionImage(version=self, image_id=image_id) for image_id in shown
             if image_id not in kept]
        )

    def public_urls(self) -> dict[int, str]:
        """Where readers find this version now: its page while it is public."""
        return {self.pk: self.get_absolute_url()} if self.is_published() else {}

    def derive_searched_text(self) -> list[str]:
        self.body_text = plain_text(self.body)
        return ["body_text"]

    def refresh_derived(self) -> None:
        """Recompute what save() derives, for a row written without it (a restored revision)."""
        self.save(update_fields=["body"])

    def _reader_text(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in READER_TEXT_FIELDS)

    @property
    def is_revised(self) -> bool:
        """Readers are told the text changed after it was first published."""
        return bool(self.revised_at and self.publish_at and self.revised_at > self.publish_at)

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    def is_timed(self) -> bool:
        """The instance twin of ArticleTranslationQuerySet.timed()."""
        return self.status in PUBLIC_STATUSES and self.publish_at is not None

    def is_published(self, at: datetime | None = None) -> bool:
        """The instance twin of ArticleTranslationQuerySet.published()."""
        return self.is_timed() and self.publish_at <= (at or timezone.now())

    def is_public_later(self, at: datetime | None = None) -> bool:
        """The instance twin of ArticleTranslationQuerySet.public_later()."""
        return self.is_timed() and self.publish_at > (at or timezone.now())

    def effective_status(self, at: datetime | None = None) -> Status:
        """The status as readers live it at `at` (now by default); what staff are shown.

        A scheduled version whose time has come is published: nothing needs to run at
        that moment for readers to see it, so nothing should call it scheduled after it.
        The instance twin of ArticleTranslationQuerySet.in_effective_status().
        """
        if self.is_published(at):
            return Status.PUBLISHED
        if self.is_public_later(at):
            return Status.SCHEDULED
        return Status(self.status)

    def effective_status_label(self, at: datetime | None = None) -> str:
        """effective_status() in words, with its time for a published or scheduled version
        (and its withdrawal's, when one is scheduled)."""
        status = self.effective_status(at)
        if status not in PUBLIC_STATUSES:
            return str(status.label)
        label = _("%(status)s, %(time)s") % {
            "status": status.label,
            "time": formats.date_format(timezone.localtime(self.publish_at),
                                        "SHORT_DATETIME_FORMAT"),
        }
        if self.withdraw_at is None:
            return label
        # Staff see the end of its time with readers as well as the start.
        return _("%(status)s; withdrawal scheduled for %(time)s") % {
            "status": label,
            "time": formats.date_format(timezone.localtime(self.withdraw_at),
                                        "SHORT_DATETIME_FORMAT"),
        }

    @property
    def reader_modified_at(self) -> datetime | None:
        """When readers last saw this text change: first shown, or revised while shown.

        What feeds call "updated", sitemaps "lastmod", metadata "dateModified" and the
        API "updated_at". A revision made before a later publication (a version
        withdrawn, revised, then scheduled again) counts as the publication's text.
        """
        if self.publish_at is None:
            return None
        return self.revised_at if self.is_revised else self.publish_at


class VersionImage(models.Model):
    """A library image a version's body shows (kept by ArticleTranslation.save()).

    An image still shown somewhere cannot be deleted: the refusal lists these rows.
    """

    version = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="image_uses",
        verbose_name=_("language version"),
    )
    image = models.ForeignKey(
        "images.Image", on_delete=models.PROTECT, related_name="version_uses",
        verbose_name=_("image"),
    )

    class Meta:
        verbose_name = _("shown in")
        verbose_name_plural = _("shown in")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "image"], name="version_image_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return str(self.version)


# What a pending change holds of a version: the text readers will read once it is
# published (tags apart: they are names, kept in `tag_names`).
PENDING_FIELDS = (
    "title", "slug", "standfirst", "body", "hero_alt", "hero_caption",
    "source_name", "source_url", "source_licence",
)
# The states a pending change goes through before it is published or discarded.
PENDING_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED)


class PendingChangeQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=Status.SCHEDULED, publish_at__isnull=False)

    def due(self, at: datetime | None = None):
        """Scheduled changes whose time has come: readers must read them from now on."""
        return self.scheduled().filter(publish_at__lte=at or timezone.now())

    def next_update_after(self, at: datetime) -> datetime | None:
        """The first moment after `at` when a scheduled change reaches readers."""
        return self.scheduled().filter(publish_at__gt=at).aggregate(
            next=Min("publish_at"))["next"]


class PendingChange(models.Model):
    """Changes to a live version that readers do not see yet, waiting to be published.

    The version's own row keeps the live text, so every public surface (pages, lists,
    feeds, search, the API, the page cache) shows it unchanged until the change is
    published (editorial.services.changes_publish) and copied into it.
    """

    version = models.OneToOneField(
        ArticleTranslation, on_delete=models.CASCADE, related_name="pending_change",
        verbose_name=_("language version"),
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(
        _("body"), blank=True, validators=[MaxLengthValidator(MAX_SOURCE_CHARS)],
    )
    hero_alt = models.CharField(_("hero image text alternative"), max_length=300, blank=True)
    hero_caption = models.CharField(_("hero image caption"), max_length=500, blank=True)
    source_name = models.CharField(_("original outlet"), max_length=200, blank=True)
    source_url = models.URLField(_("original address"), max_length=500, blank=True)
    source_licence = models.CharField(_("licence"), max_length=200, blank=True)
    tag_names = models.JSONField(_("tags"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, default=Status.DRAFT,
        choices=[(status.value, status.label) for status in PENDING_STATUSES],
    )
    publish_at = models.DateTimeField(
        _("update time"), null=True, blank=True,
        help_text=_("Readers see the changes from this moment on."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("prepared by"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("last changed by"),
    )
    created_at = models.DateTimeField(_("pending since"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.SCHEDULED) | Q(publish_at__isnull=False),
                name="pending_change_scheduled_has_time",
                violation_error_message=_("Scheduled changes need an update time."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="pending_change_status_time"),
        ]

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def of(cls, version: ArticleTranslation) -> "PendingChange | None":
        try:
            return version.pending_change
        except cls.DoesNotExist:
            return None

    def values(self) -> dict:
        return {name: getattr(self, name) for name in PENDING_FIELDS}

    def is_due(self, at: datetime | None = None) -> bool:
        """The instance twin of PendingChangeQuerySet.due()."""
        return (self.status == Status.SCHEDULED and self.publish_at is not None
                and self.publish_at <= (at or timezone.now()))


def version_values(version: ArticleTranslation) -> dict:
    """What a pending change of `version` starts from: its live text and tag names."""
    values = {name: getattr(version, name) for name in PENDING_FIELDS}
    values["tag_names"] = sorted(tag.name for tag in version.tags.all())
    return values
