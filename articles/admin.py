import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.models import Tag

from editorial.diff import side_by_side
from editorial.forms import (
    HERO_ALT_MISSING,
    ArticleTranslationForm,
    NoLostEditsForm,
    ScheduleForm,
    edit_token,
    needs_hero_alt,
)
from editorial.models import ShareLink
from editorial.recovery import RecoverableAdmin
from editorial.roles import (
    AUTHOR_STATUSES,
    articles_for,
    can_edit_article,
    can_edit_version,
    is_editor,
    signing_author_id,
)
from powerplay.admin import LanguageRowFormSet, LanguageRowInline, languages_column
from redirects.services import redirect_record_moves
from series.models import SeriesTranslation

from . import services
from .models import (
    PUBLIC_STATUSES,
    Article,
    ArticleAuthor,
    ArticleTranslation,
    Status,
    TaggedArticleTranslation,
)
from .tags import tag_page_urls, tag_url
from .views import article_preview

# Register before the VersionAdmins do, so a version's revisions carry its tags.
reversion.register(TaggedArticleTranslation)
reversion.register(ArticleTranslation, follow=["tagged_items"])

# taggit's own Tag admin edits its generic TaggedItem rows, which these tags do not use
# (its merge action would move nothing), and deletes without a trace.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(RecoverableAdmin):
    list_display = ["name", "slug", "version_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            version_count=Count("articles_taggedarticletranslation_items")
        )

    @admin.display(description=_("language versions"), ordering="version_count")
    def version_count(self, tag):
        return tag.version_count

    def deleted_with(self, tag):
        # Recovering the tag puts it back on every version that carried it.
        return list(TaggedArticleTranslation.objects.filter(tag=tag))

    def save_model(self, request, obj, form, change):
        # The tag's pages keep answering at their old address in every language.
        saved = Tag.objects.filter(pk=obj.pk).first() if change else None
        before = tag_page_urls(saved) if saved else {}
        super().save_model(request, obj, form, change)
        after = {language: tag_url(obj.slug, language) for language in before}
        redirect_record_moves(before=before, after=after)


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


class ArticleAuthorInline(admin.TabularInline):
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
            obj is None or article_fields_editable(request.user, obj)
        )

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class ArticleTranslationFormSet(LanguageRowFormSet):
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


class ArticleTranslationInline(LanguageRowInline):
    model = ArticleTranslation
    form = ArticleTranslationForm
    formset = ArticleTranslationFormSet
    prepopulated_fields = {"slug": ("title",)}
    # Set by the workflow's Schedule and Publish buttons only.
    readonly_fields = ["publish_at"]
    fieldsets = [
        (None, {"fields": ["loaded_version", "language", "status", "publish_at", "title",
                           "slug"]}),
        (None, {"fields": ["standfirst", "body", "hero_alt", "tags"]}),
        (
            _("Republication"),
            {"fields": ["source_name", "source_url", "source_licence"], "classes": ["collapse"]},
        ),
    ]

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and obj.is_published():
            return obj.get_absolute_url()
        return None

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


TARGET_DATE_RANGE_DAYS = 3652


def article_fields_editable(user, article) -> bool:
    """Authors change an article's shared fields only while none of its versions is out."""
    if is_editor(user):
        return True
    return not article.translations.exclude(status__in=AUTHOR_STATUSES).exists()


class ArticleForm(NoLostEditsForm):
    """The shared fields of an article; the admin supplies model and fields."""

    def clean_target_date(self):
        # A planning date decades away is a slip of the keyboard (0001 for 2031).
        target = self.cleaned_data.get("target_date")
        if target and abs((target - timezone.localdate()).days) > TARGET_DATE_RANGE_DAYS:
            raise ValidationError(_("Choose a target date within ten years of today."))
        return target


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
            return queryset.filter(Exists(self.versions(request).filter(status=self.value())))
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("planning")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue"))]

    def queryset(self, request, queryset):
        return queryset.overdue() if self.value() == "yes" else queryset


@admin.register(Article)
class ArticleAdmin(RecoverableAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    inlines = [ArticleAuthorInline, ArticleTranslationInline]
    list_display = ["title", "series_and_part", "versions", "next_publish_at", "target"]
    list_filter = ["series", StatusFilter, LanguageFilter, "announced", OverdueFilter]
    search_fields = ["translations__title", "authors__name"]
    autocomplete_fields = ["series", "related_articles"]
    list_select_related = ["series"]
    ordering = ["series", "part", "pk"]
    fieldsets = [
        (None, {"fields": ["loaded_version", "series", "part"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_decorative"]}),
        (_("Planning"), {"fields": ["target_date", "announced"]}),
        (_("Read more"), {"fields": ["related_articles"]}),
    ]

    def get_queryset(self, request):
        return (
            articles_for(request.user, super().get_queryset(request))
            .prefetch_related(
                "translations",
                Prefetch("series__translations", queryset=SeriesTranslation.objects.all()),
            )
            .annotate(
                next_publish_at=Min(
                    "translations__publish_at",
                    filter=Q(
                        translations__status__in=PUBLIC_STATUSES,
                        translations__publish_at__gt=timezone.now(),
                    ),
                )
            )
        )

    def view_on_site(self, article):
        for version in article.translations.all():
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
        if obj is not None and not article_fields_editable(request.user, obj):
            return [name for _, options in self.fieldsets for name in options["fields"]
                    if name != "loaded_version"]
        return super().get_readonly_fields(request, obj)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, ArticleTranslationInline):
            kwargs["form_kwargs"] = {"user": request.user}
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return with_user(form, request.user)

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
        revisions = {str(version.pk): version for version in article_revisions(article)}
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
            extra_context["workflow"] = workflow_panel(request, article.translations.all())
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring brings back text, not workflow state: whether a version is public
        # changes only through the workflow buttons.
        request.workflow_state_before_restore = {
            version.pk: (version.status, version.publish_at)
            for version in ArticleTranslation.objects.filter(article_id=unquote(object_id))
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if request.resolver_match and request.resolver_match.url_name in (
            "articles_article_revision", "articles_article_recover"
        ):
            state = getattr(request, "workflow_state_before_restore", {})
            for version in ArticleTranslation.objects.filter(article=form.instance):
                if version.pk in state:
                    version.status, version.publish_at = state[version.pk]
                    ArticleTranslation.objects.filter(pk=version.pk).update(
                        status=version.status, publish_at=version.publish_at
                    )
                # A restore writes rows directly: derive their HTML and search data again.
                version.refresh_derived()

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleTranslation:
            return super().save_formset(request, form, formset, change)
        before = public_version_urls(ArticleTranslation.objects.filter(article=form.instance))
        super().save_formset(request, form, formset, change)
        saved = ArticleTranslation.objects.filter(pk__in=before)
        after = {version.pk: version.get_absolute_url() for version in saved}
        redirect_record_moves(before=before, after=after)

    @admin.display(description=_("title"))
    def title(self, article):
        version = article.any_translation()
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
        return languages_column(article.translations.all(), show_status=True)

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


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(RecoverableAdmin):
    """Every language version in one list, with the workflow as list actions."""

    form = ArticleTranslationForm
    change_form_template = "admin/articles/articletranslation/change_form.html"
    list_display = ["title", "language", "status_and_token", "publish_at", "updated_at"]
    actions = ["submit_selected", "schedule_selected", "publish_selected",
               "withdraw_selected", "back_to_draft_selected"]
    list_filter = ["language", "status", "article__series"]
    search_fields = ["title", "article__authors__name"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["publish_at"]
    date_hierarchy = "publish_at"

    def view_on_site(self, version):
        return version.get_absolute_url() if version.is_published() else None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(article__in=articles_for(request.user))

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "loaded_version"]
        return ["loaded_version", *fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return with_user(form, request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_version(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return is_editor(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        version = self.get_object(request, object_id)
        if version is not None:
            extra_context["workflow"] = workflow_panel(request, [version])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/", view(self.workflow_view),
                 name="articles_articletranslation_workflow"),
            path("<path:object_id>/preview/", view(self.preview_view),
                 name="articles_articletranslation_preview"),
            path("<path:object_id>/share/", view(self.share_view),
                 name="articles_articletranslation_share"),
            path("<path:object_id>/share/<int:link_id>/revoke/", view(self.revoke_view),
                 name="articles_articletranslation_revoke"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The version exactly as readers will see it, for staff who may open it."""
        version = self.get_object(request, unquote(object_id))
        if version is None or not self.has_view_permission(request, version):
            raise PermissionDenied
        return article_preview(request, version.pk, preview=_("Staff preview."))

    def share_view(self, request, object_id):
        """Create a private link to the preview, for a reader outside the team."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, unquote(object_id))
        if version is None or not request.user.has_perm("editorial.add_sharelink"):
            raise PermissionDenied
        link = ShareLink.objects.create(
            version=version, created_by=request.user, note=request.POST.get("note", "")[:200]
        )
        messages.success(request, format_html(
            gettext("Share link created, valid until {}: {}"),
            formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT"),
            request.build_absolute_uri(link.get_absolute_url()),
        ))
        return redirect_back(request, version)

    def revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, unquote(object_id))
        if version is None or not request.user.has_perm("editorial.change_sharelink"):
            raise PermissionDenied
        revoked = ShareLink.objects.filter(
            pk=link_id, version=version, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if revoked:
            messages.success(request, gettext("The share link no longer opens the preview."))
        return redirect_back(request, version)

    def workflow_view(self, request, object_id):
        """One transition of one version, from a button on a change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, object_id)
        if version is None or not self.has_view_permission(request, version):
            raise PermissionDenied
        name = request.POST.get("transition", "")
        expected = parse_datetime(request.POST.get("loaded_version", "") or "")
        at = None
        if name == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                for error in form.errors.get("publish_at", []):
                    messages.error(request, error)
                return redirect_back(request, version)
            at = form.cleaned_data["publish_at"]
        if run_transition(request, version, name, expected, at=at):
            messages.success(request, transition_done_message(name, version))
        return redirect_back(request, version)

    @admin.display(description=_("status"), ordering="status")
    def status_and_token(self, version):
        # The token travels with the list so an action never overrides a newer edit.
        return format_html(
            '{}<input type="hidden" name="token-{}" value="{}">',
            version.get_status_display(), version.pk, edit_token(version),
        )

    def run_action(self, request, queryset, name, at=None):
        done = 0
        for version in queryset:
            expected = parse_datetime(request.POST.get(f"token-{version.pk}", "") or "")
            if run_transition(request, version, name, expected, at=at):
                done += 1
        if done:
            messages.success(request, ngettext(
                "%(count)d version updated.", "%(count)d versions updated.", done
            ) % {"count": done})

    @admin.action(description=_("Send to review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self.run_action(request, queryset, "submit")

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_action(request, queryset, "publish")

    @admin.action(description=_("Withdraw from the site"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.run_action(request, queryset, "withdraw")

    @admin.action(description=_("Send back to draft"), permissions=["change"])
    def back_to_draft_selected(self, request, queryset):
        self.run_action(request, queryset, "back_to_draft")

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_action(request, queryset, "schedule", at=form.cleaned_data["publish_at"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schedule the selected versions"),
            "form": form,
            "versions": queryset,
            "tokens": {v.pk: request.POST.get(f"token-{v.pk}", "") for v in queryset},
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/articletranslation/schedule.html",
                                context)

    def save_model(self, request, obj, form, change):
        before = public_version_urls(ArticleTranslation.objects.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)
        redirect_record_moves(before=before, after={obj.pk: obj.get_absolute_url()})


def public_version_urls(versions) -> dict[int, str]:
    """The address of each version readers can see now: those must keep answering.

    A version readers never saw may change its slug freely.
    """
    return {version.pk: version.get_absolute_url() for version in versions.published()}


def with_user(form_class, user):
    """The admin form class, bound to the person editing, for role-aware fields."""

    class UserForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("user", user)
            super().__init__(*args, **kwargs)

    UserForm.__name__ = form_class.__name__
    return UserForm


TRANSITIONS = {
    "submit": services.translation_submit,
    "schedule": services.translation_schedule,
    "publish": services.translation_publish,
    "withdraw": services.translation_withdraw,
    "back_to_draft": services.translation_back_to_draft,
}

TRANSITION_LABELS = {
    "submit": _("Send to review"),
    "schedule": _("Schedule"),
    "publish": _("Publish now"),
    "withdraw": _("Withdraw"),
    "back_to_draft": _("Back to draft"),
}


def run_transition(request, version, name, expected, *, at=None) -> bool:
    """Apply one transition through its service; tell the editor when it is refused."""
    service = TRANSITIONS.get(name)
    if service is None:
        messages.error(request, gettext("Unknown action."))
        return False
    kwargs = {"version": version, "by": request.user, "expected_updated_at": expected}
    if name == "schedule":
        kwargs["at"] = at
    try:
        service(**kwargs)
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return False
    return True


def transition_done_message(name: str, version) -> str:
    return gettext("“%(title)s” (%(language)s): %(action)s — done.") % {
        "title": version.title,
        "language": version.language.upper(),
        "action": TRANSITION_LABELS[name],
    }


def redirect_back(request, version):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:articles_articletranslation_change", args=[version.pk])
    return HttpResponseRedirect(target)


def workflow_panel(request, versions) -> list[dict]:
    """For each version: its status, publish time and the buttons this person may use."""
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    versions = sorted(versions, key=lambda version: order.get(version.language, len(order)))
    return [
        {
            "version": version,
            "token": edit_token(version),
            "transitions": [
                (name, TRANSITION_LABELS[name])
                for name in services.allowed_transitions(version, request.user)
            ],
            "action": reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            "schedule_form": ScheduleForm(auto_id=f"schedule-{version.pk}-%s"),
            "preview_url": reverse("admin:articles_articletranslation_preview",
                                   args=[version.pk]),
            "share_url": reverse("admin:articles_articletranslation_share", args=[version.pk])
            if request.user.has_perm("editorial.add_sharelink") else None,
            "share_links": [
                {
                    "link": link,
                    "url": request.build_absolute_uri(link.get_absolute_url()),
                    "revoke_url": reverse("admin:articles_articletranslation_revoke",
                                          args=[version.pk, link.pk]),
                }
                for link in version.share_links.active()
            ] if request.user.has_perm("editorial.view_sharelink") else [],
        }
        for version in versions
    ]


def article_revisions(article) -> list:
    """The revisions of an article, newest first."""
    return list(
        Version.objects.get_for_object(article).select_related("revision__user")
    )


COMPARED_FIELDS = [("title", _("title")), ("standfirst", _("standfirst")), ("body", _("body"))]


def compare_revisions(older, newer) -> list[dict]:
    """For each language present in either revision, its fields side by side."""
    version_type = ContentType.objects.get_for_model(ArticleTranslation)

    def texts(revision_version):
        rows = revision_version.revision.version_set.filter(content_type=version_type)
        return {row.field_dict["language"]: row.field_dict for row in rows}

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
