"""Articles in the admin: shared fields, byline, versions inline, history and compare."""

from contextlib import nullcontext

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, ProtectedError, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from reversion import set_comment
from reversion.admin import _RollBackRevisionView
from reversion.errors import RevertError

# reversion's Version: one object as a revision recorded it (ours are language versions).
from reversion.models import Version as RevisionRecord
from reversion.utils import mute_signals

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleTranslation,
    Status,
)
from editorial.admin.autosaving import AutosavedAdmin
from editorial.admin.base import (
    ContentAdmin,
    NoLostEditsInline,
    VisibleChoices,
    autocomplete_source,
)
from editorial.admin.language_rows import LanguageRowFormSet, LanguageRowInline, languages_column
from editorial.admin.workflow import (
    KEPT_PENDING,
    RecordsDirectPublication,
    SavedBeforeWorkflow,
    is_restore,
    with_user,
    workflow_panel,
)
from editorial.diff import side_by_side
from editorial.forms import (
    HERO_ALT_MISSING,
    PUBLISH_DIRECTLY_FIELD,
    LanguageVersionForm,
    NoLostEditsForm,
    needs_hero_alt,
)
from editorial.recovery import record_deletion
from editorial.restore import restore_message, revision_preview, revision_revert
from editorial.revision_comments import revision_comment
from editorial.roles import (
    articles_for,
    articles_visible_to,
    can_edit_article,
    is_editor,
    shared_fields_editable,
    signing_author_id,
)
from editorial.services import (
    announcement_review,
    announcement_withdrawn_message,
    shown_working_titles,
)
from series.models import SeriesTranslation


class BylineFormSet(admin.options.InlineModelAdmin.formset):
    """An author keeps their own name in the byline of the articles they edit."""

    user = None

    def clean(self):
        super().clean()
        if self.user is None or is_editor(self.user):
            return
        author_id = signing_author_id(self.user)
        kept = [
            form.cleaned_data.get("author")
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        if author_id not in [author.pk for author in kept if author]:
            raise ValidationError(
                _("Keep your own name in the byline; an editor can hand the article over.")
            )


class ArticleAuthorInline(VisibleChoices, NoLostEditsInline, admin.TabularInline):
    model = ArticleAuthor
    formset = BylineFormSet
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline, in order")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None or not obj.pk else 0

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or shared_fields_editable(request.user, obj)
        )

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class LanguageVersionFormSet(LanguageRowFormSet):
    def save_existing(self, form, obj, commit=True):
        # A live version keeps its text for readers: the typing waits as its pending
        # changes (editorial.admin.workflow.KeepsLiveText, on the version's own page).
        if form.keeps_pending:
            form.keep_pending()
            # Named as the change message names it (admin.utils.construct_change_message).
            self.kept_pending.add(str(obj))
            return obj
        saved = super().save_existing(form, obj, commit)
        if form.publishes_directly and form.has_changed():
            # Recorded in the article's revision (RecordsDirectPublication).
            self.published_directly = True
        return saved

    published_directly = False

    @cached_property
    def kept_pending(self) -> set[str]:
        """The versions whose typing this save kept as pending changes."""
        return set()

    def clean(self):
        super().clean()
        if not needs_hero_alt(self.instance):
            return
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if not (form.cleaned_data.get("hero_alt") or "").strip():
                form.add_error("hero_alt", HERO_ALT_MISSING)


class LanguageVersionInline(LanguageRowInline):
    model = ArticleTranslation
    form = LanguageVersionForm
    formset = LanguageVersionFormSet
    prepopulated_fields = {"slug": ("title",)}
    # Set by the workflow's Schedule and Publish buttons only.
    readonly_fields = ["publish_at"]
    fieldsets = [
        (None, {"fields": ["loaded_version", "language", "status", "publish_at", "title",
                           "slug"]}),
        (None, {"fields": ["standfirst", "body", "hero_alt", "hero_caption", "tags"]}),
        (
            _("Republication"),
            {"fields": ["source_name", "source_url", "source_licence"], "classes": ["collapse"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not is_editor(request.user) or not any(
            version.is_published() for version in obj.versions.all()
        ):
            return fieldsets
        # An editor's choice on each live version (LanguageVersionForm); hidden on others.
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], PUBLISH_DIRECTLY_FIELD]}),
                *rest]

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and obj.is_published():
            return obj.get_absolute_url()
        return None

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


class AnnouncementReviewed:
    """ModelAdmin mixin: a save no editor made that changes what readers see of an
    announced article withdraws its announcement (editorial.services.announcement_review).
    """

    def announced_articles(self, obj) -> set[int]:
        """The ids of the articles whose working titles saving `obj` may change."""
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        # Before anything of the change is written; a retried save reads it again.
        request.working_titles_before = {
            article.pk: shown_working_titles(article)
            for article in Article.objects.announced().filter(
                pk__in=self.announced_articles(obj))
        }
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self.review_announcements(request)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        # The last step of a save, once every inline is saved.
        self.review_announcements(request)
        return super().log_change(request, obj, message)

    def review_announcements(self, request) -> None:
        for pk, before in getattr(request, "working_titles_before", {}).items():
            article = Article.objects.get(pk=pk)
            if announcement_review(article=article, before=before, by=request.user):
                messages.warning(request, announcement_withdrawn_message(article))


TARGET_DATE_RANGE_DAYS = 3652
ANNOUNCING_IS_EDITORS = _("Only an editor can announce an article to readers.")


def picker_label(article: Article) -> str:
    """An article as the related-articles picker names it: its title and part, its series
    and the status of each version, so that two articles with the same title differ."""
    series = article.series.in_language_or_any() if article.series_id else None
    statuses = ", ".join(
        f"{version.language}: {version.get_status_display()}"
        for version in article.versions.all()
    )
    return " — ".join(
        str(part) for part in (
            article, series.title if series else gettext("no series"), statuses
        ) if part
    )


def with_picker_labels(articles):
    """What picker_label() reads, fetched once for the whole list."""
    return articles.select_related("series").prefetch_related(
        "versions", Prefetch("series__translations", queryset=SeriesTranslation.objects.all())
    )


class ExcludingAutocomplete(admin.widgets.AutocompleteSelectMultiple):
    """An autocomplete that leaves out one article (`exclude`): the one being edited."""

    exclude: int | None = None

    def get_url(self):
        url = super().get_url()
        return f"{url}?exclude={self.exclude}" if self.exclude else url


class ArticleForm(NoLostEditsForm):
    """The shared fields of an article; the admin supplies model and fields."""

    def clean_target_date(self):
        # A planning date decades away is a slip of the keyboard (0001 for 2031).
        target = self.cleaned_data.get("target_date")
        if target and abs((target - timezone.localdate()).days) > TARGET_DATE_RANGE_DAYS:
            raise ValidationError(_("Choose a target date within ten years of today."))
        return target

    def clean_announced(self):
        announced = self.cleaned_data.get("announced")
        if (
            self.user is not None
            and not is_editor(self.user)
            and announced != self.instance.announced
        ):
            raise ValidationError(ANNOUNCING_IS_EDITORS)
        return announced

    def clean_related_articles(self):
        # Picks an editor made that this person may not see are not offered to them:
        # keep them, rather than have a save by this person drop them unseen.
        picked = self.cleaned_data.get("related_articles")
        if picked is None or not self.instance.pk:
            return picked
        offered = self.fields["related_articles"].queryset
        unseen = self.instance.related_articles.exclude(pk__in=offered.values("pk"))
        return Article.objects.filter(Q(pk__in=picked.values("pk")) | Q(pk__in=unseen))


class VersionFilter(admin.SimpleListFilter):
    """Shared base: filters on the language versions, one row at a time."""

    def versions(self, request):
        versions = ArticleTranslation.objects.filter(article=OuterRef("pk"))
        language = request.GET.get(LanguageFilter.parameter_name)
        if language:
            versions = versions.filter(language=language)
        return versions


class LanguageFilter(VersionFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Exists(self.versions(request)))
        return queryset


class StatusFilter(VersionFilter):
    """A status, in the language picked by the language filter when one is."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value():
            versions = self.versions(request).in_effective_status(self.value())
            return queryset.filter(Exists(versions))
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("planning")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue"))]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Article)
class ArticleAdmin(
    RecordsDirectPublication, AutosavedAdmin, SavedBeforeWorkflow, AnnouncementReviewed,
    ContentAdmin,
):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    revision_form_template = "admin/articles/article/revision_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    inlines = [ArticleAuthorInline, LanguageVersionInline]
    list_display = ["title", "series_and_part", "versions", "next_publish_at", "target"]
    list_filter = ["series", StatusFilter, LanguageFilter, "announced", OverdueFilter]
    search_fields = ["versions__title", "authors__name"]
    autocomplete_fields = ["series", "related_articles"]
    list_select_related = ["series"]
    ordering = ["series", "part", "pk"]
    fieldsets = [
        (None, {"fields": ["loaded_version", "series", "part"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_decorative", "hero_credit"]}),
        (_("Planning"), {"fields": ["target_date", "announced"]}),
        (_("Read more"), {"fields": ["related_articles"]}),
    ]

    def announced_articles(self, article) -> set[int]:
        return {article.pk} if article.pk else set()

    def stored_at(self, article):
        # The page shows every language version's text as well.
        return max([article.updated_at, *(version.updated_at for version in
                                          article.versions.all())])

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        source = autocomplete_source(request)
        if source == ("articles", "articletranslation", "article"):
            # A version is added only to an article one may edit (LanguageVersionForm).
            queryset = articles_for(request.user, queryset)
        elif source is not None:
            # Picks of other articles: whatever the person may see.
            queryset = articles_visible_to(request.user, queryset)
        else:
            queryset = articles_for(request.user, queryset)
        return (
            queryset
            .prefetch_related(
                "versions",
                Prefetch("series__translations", queryset=SeriesTranslation.objects.all()),
            )
            .with_next_publication()
        )

    def view_on_site(self, article):
        for version in article.versions.all():
            if version.is_published():
                return version.get_absolute_url()
        return None

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_article(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not shared_fields_editable(request.user, obj):
            return [name for _, options in self.fieldsets for name in options["fields"]
                    if name != "loaded_version"]
        readonly = list(super().get_readonly_fields(request, obj))
        if not is_editor(request.user):
            # Announcing a follow-up to readers is an editor's decision.
            readonly.append("announced")
        return readonly

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, LanguageVersionInline):
            kwargs["form_kwargs"] = {"user": request.user, "restoring": is_restore(request)}
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = with_user(super().get_form(request, obj, change, **kwargs), request.user)
        related = form.base_fields.get("related_articles")
        if related is not None:
            # An article is not related to itself; the picker tells namesakes apart.
            related.queryset = with_picker_labels(related.queryset)
            if obj is not None:
                related.queryset = related.queryset.exclude(pk=obj.pk)
                widget = getattr(related.widget, "widget", related.widget)
                if isinstance(widget, ExcludingAutocomplete):
                    widget.exclude = obj.pk
            related.label_from_instance = picker_label
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_articles":
            kwargs["widget"] = ExcludingAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def autocomplete_label(self, article: Article) -> str:
        return picker_label(article)

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        # The related-articles picker of an article leaves that article out (see get_form).
        exclude = request.GET.get("exclude", "")
        if request.GET.get("field_name") == "related_articles" and exclude.isdigit():
            queryset = queryset.exclude(pk=int(exclude))
        return queryset, duplicates

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if getattr(formset, "published_directly", False):
            request.published_directly = True

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        kept = {name for formset in formsets for name in getattr(formset, "kept_pending", ())}
        if not kept:
            return message
        # The versions whose typing waits as pending changes were not changed for readers.
        message = [part for part in message
                   if part.get("changed", {}).get("object") not in kept]
        return message or revision_comment(KEPT_PENDING)

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise PermissionDenied
        extra_context = {**(extra_context or {}), "revisions": article_revisions(article)}
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id):
        """Two revisions side by side: title, standfirst and body of each language."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise PermissionDenied
        revisions = {str(revision.pk): revision for revision in article_revisions(article)}
        older = revisions.get(request.GET.get("from", ""))
        newer = revisions.get(request.GET.get("to", ""))
        if older is None or newer is None:
            raise Http404(gettext("Pick two revisions of this article to compare."))
        # Revisions saved within the same instant keep the order they were saved in.
        if (older.revision.date_created, older.revision_id) > (
            newer.revision.date_created, newer.revision_id
        ):
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": gettext("Compare revisions"),
            "older": older,
            "newer": newer,
            "languages": compare_revisions(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context["workflow"] = workflow_panel(
                request, article.versions.all(),
                saves_form=self.has_change_permission(request, article),
            )
            extra_context["autosave"] = self.autosave_context(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring brings back text, not workflow state: whether a version is public
        # changes only through the workflow buttons.
        request.workflow_state_before_restore = {
            version.pk: (version.status, version.publish_at)
            for version in ArticleTranslation.objects.filter(article_id=unquote(object_id))
        }
        article = self.get_object(request, unquote(object_id))
        if article is not None and is_editor(request.user):
            record = get_object_or_404(
                RevisionRecord.objects.get_for_object(article).select_related("revision"),
                pk=version_id,
            )
            # Read before reversion writes anything: what the restore changes from now.
            preview = revision_preview(article=article, revision=record.revision)
            request.restore_preview = preview
            request.restore_removals = (
                preview.chosen_removals(request.POST) if request.method == "POST" else []
            )
            request.restore_revision_date = record.revision.date_created
            extra_context = {**(extra_context or {}), "restore": preview,
                             "restore_removals": request.restore_removals}
        return super().revision_view(request, object_id, version_id, extra_context)

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        """reversion's restore, except that the versions added since are kept unless chosen.

        As in reversion, the revision is written back inside a transaction that a GET (the
        form shown) or a refused save rolls back.
        """
        preview = getattr(request, "restore_preview", None)
        if preview is None:
            return super()._reversion_revisionform_view(
                request, version, template_name, extra_context)
        removed = request.restore_removals
        quiet = (mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
                 if request.method == "GET" else nullcontext())
        try:
            with transaction.atomic(using=version.db), quiet:
                revision_revert(revision=version.revision,
                                keep=[change.version for change in preview.missing])
                # Recorded as they stand before they go (save_related deletes them), so
                # "recover deleted" brings them back.
                record_deletion(removed, by=request.user)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context)
                    if request.method == "POST" and response.status_code == 302:
                        set_comment(revision_comment(
                            gettext_noop("Reverted to previous version, saved on %(datetime)s"),
                            datetime=version.revision.date_created,
                        ))
                    elif response.status_code == 200:
                        response.template_name = template_name
                        response.render()
                        raise _RollBackRevisionView(response)
                    else:
                        raise RevertError(gettext("This revision cannot be restored."))
        except (RevertError, ProtectedError) as error:
            messages.error(request, str(error))
            return redirect(f"{self.admin_site.name}:articles_article_changelist")
        except _RollBackRevisionView as rollback:
            return rollback.response
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if is_restore(request):
            state = getattr(request, "workflow_state_before_restore", {})
            for version in getattr(request, "restore_removals", []):
                # The editor's explicit choice, made for this very version on the form.
                version.delete()
            for version in ArticleTranslation.objects.filter(article=form.instance):
                if version.pk in state:
                    version.status, version.publish_at = state[version.pk]
                    ArticleTranslation.objects.filter(pk=version.pk).update(
                        status=version.status, publish_at=version.publish_at
                    )
                elif hasattr(request, "restore_preview"):
                    # A version a restore brings back starts again as a draft: it is not
                    # public until published again.
                    version.status, version.publish_at = Status.DRAFT, None
                    ArticleTranslation.objects.filter(pk=version.pk).update(
                        status=version.status, publish_at=None
                    )
                # A restore writes rows directly: derive their HTML and search data again.
                version.refresh_derived()

    def response_change(self, request, obj):
        preview = getattr(request, "restore_preview", None)
        if preview is None:
            return super().response_change(request, obj)
        self.message_user(request, restore_message(
            obj, preview, removed=request.restore_removals,
            saved_at=request.restore_revision_date,
        ), messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    @admin.display(description=_("title"))
    def title(self, article):
        version = article.in_language_or_any()
        return version.title if version else "—"

    @admin.display(description=_("series"), ordering="part")
    def series_and_part(self, article):
        if not article.series_id:
            return "—"
        if article.part:
            return _("%(series)s, part %(part)s") % {
                "series": article.series,
                "part": article.part,
            }
        return str(article.series)

    @admin.display(description=_("languages"))
    def versions(self, article):
        return languages_column(article.versions.all(), show_status=True)

    @admin.display(description=_("next publication"), ordering="next_publish_at")
    def next_publish_at(self, article):
        return article.next_publish_at

    @admin.display(description=_("target date"), ordering="target_date")
    def target(self, article):
        if not article.target_date:
            return "—"
        when = formats.date_format(article.target_date, "SHORT_DATE_FORMAT")
        if article.is_overdue():
            return format_html('{} <strong class="pp-overdue">{}</strong>', when,
                               gettext("overdue"))
        return when


def article_revisions(article) -> list[RevisionRecord]:
    """The revisions of an article, newest first (reversion's record of the article in each)."""
    return list(
        RevisionRecord.objects.get_for_object(article).select_related("revision__user")
    )


COMPARED_FIELDS = [("title", _("title")), ("standfirst", _("standfirst")), ("body", _("body"))]


def compare_revisions(older, newer) -> list[dict]:
    """For each language present in either revision, its fields side by side."""
    version_type = ContentType.objects.get_for_model(ArticleTranslation)

    def texts(revision: RevisionRecord) -> dict[str, dict]:
        """The language versions the revision recorded, by language."""
        records = revision.revision.version_set.filter(content_type=version_type)
        return {record.field_dict["language"]: record.field_dict for record in records}

    before, after = texts(older), texts(newer)
    compared = []
    for language in [code for code, _name in settings.LANGUAGES]:
        if language not in before and language not in after:
            continue
        old, new = before.get(language, {}), after.get(language, {})
        fields = []
        for name, label in COMPARED_FIELDS:
            left, right = side_by_side(old.get(name, ""), new.get(name, ""))
            fields.append({"label": label, "old": left, "new": right,
                           "changed": old.get(name, "") != new.get(name, "")})
        compared.append({"language": language, "fields": fields})
    return compared
