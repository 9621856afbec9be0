"""Editorial pages of the admin (the calendar, the translation status) and the calendar feed."""

import zoneinfo
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article, ArticleTranslation
from authors.models import Author
from core.languages import language_codes
from editorial import calendar as editorial_calendar
from editorial import notes, translating
from editorial.models import EditorProfile, Note
from editorial.roles import can_edit_version
from editorial.services import VersionRefused, announcement_withdrawn_message, version_create
from series.models import Series, SeriesTranslation

FEED_PRODUCT_ID = "-//Power Play//Editorial calendar//EN"


class CalendarFilterForm(forms.Form):
    """The calendar's filters; a value that does not fit is ignored, never an error page."""

    series = forms.TypedChoiceField(
        label=pgettext_lazy("calendar filter", "Series"), required=False, coerce=int,
        empty_value=None,
    )
    author = forms.TypedChoiceField(
        label=pgettext_lazy("calendar filter", "Author"), required=False, coerce=int,
        empty_value=None,
    )
    language = forms.ChoiceField(label=pgettext_lazy("calendar filter", "Language"),
                                 required=False)

    def __init__(self, data, *, series_choices, author_choices):
        super().__init__(data)
        everything = [("", pgettext_lazy("calendar filter", "All"))]
        self.fields["series"].choices = everything + series_choices
        self.fields["author"].choices = everything + author_choices
        self.fields["language"].choices = everything + list(settings.LANGUAGES)

    def filters(self) -> editorial_calendar.Filters:
        if not self.is_bound:
            return editorial_calendar.Filters()
        self.is_valid()
        cleaned = self.cleaned_data
        return editorial_calendar.Filters(
            series=cleaned.get("series"),
            author=cleaned.get("author"),
            language=cleaned.get("language") or None,
        )


def filter_form(request) -> CalendarFilterForm:
    series = Series.objects.prefetch_related(
        Prefetch("translations", queryset=SeriesTranslation.objects.all())
    )
    series_choices = sorted(((s.pk, str(s)) for s in series), key=lambda choice: choice[1])
    author_choices = list(Author.objects.order_by("name", "pk").values_list("pk", "name"))
    return CalendarFilterForm(
        request.GET or None, series_choices=series_choices, author_choices=author_choices
    )


@require_safe
def calendar(request):
    """The month grid and agenda of publications and plans, in the editor's time zone."""
    now = timezone.now()
    today = timezone.localdate(now)
    first = editorial_calendar.parse_month(request.GET.get("month"), today)
    form = filter_form(request)
    filters = form.filters()
    entries = editorial_calendar.month_entries(
        request.user, first=first, filters=filters, today=today, at=now
    )
    grid = editorial_calendar.month_grid(first, entries, today)
    context = {
        **admin.site.each_context(request),
        "title": _("Editorial calendar"),
        "month": first,
        "month_label": formats.date_format(first, "YEAR_MONTH_FORMAT"),
        "previous_month": editorial_calendar.month_parameter(
            editorial_calendar.add_months(first, -1)
        ),
        "next_month": editorial_calendar.month_parameter(editorial_calendar.add_months(first, 1)),
        "this_month": editorial_calendar.month_parameter(today),
        "weekdays": [
            (formats.date_format(day["date"], "l"), formats.date_format(day["date"], "D"))
            for day in grid[0]
        ],
        "weeks": grid,
        "entries": entries,
        "undated": editorial_calendar.plans(
            request.user, filters=filters, today=today, dated=False, at=now
        ),
        "overdue": editorial_calendar.plans(
            request.user, filters=filters, today=today, last_day=today - timedelta(days=1),
            at=now,
        ),
        "form": form,
        "calendar_address": editorial_calendar.feed_address(
            request, getattr(request.user, "editor_profile", None)
        ),
        "today": today,
    }
    return TemplateResponse(request, "admin/editorial/calendar.html", context)


@require_POST
def calendar_address_renew(request):
    """A new secret feed address for the signed-in person; the old one stops working."""
    profile, _created = EditorProfile.objects.get_or_create(user=request.user)
    had_one = bool(profile.calendar_token)
    profile.renew_calendar_token()
    if had_one:
        messages.success(request, gettext(
            "Your calendar has a new address: update it in your calendar application. "
            "The old address no longer works."
        ))
    else:
        messages.success(request, gettext("Your calendar address is ready."))
    return HttpResponseRedirect(reverse("admin:calendar"))


@require_safe
def calendar_feed(request, token: str):
    """The calendar as iCalendar, for one staff member; the token in the address is the key."""
    profile = (
        EditorProfile.objects.select_related("user").filter(calendar_token=token).first()
        if token else None
    )
    if profile is None or not (profile.user.is_active and profile.user.is_staff):
        raise Http404
    try:
        zone = zoneinfo.ZoneInfo(profile.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    now = timezone.now()
    with timezone.override(zone):
        entries = editorial_calendar.feed_entries(profile.user, now=now)
        events = [
            editorial_calendar.feed_event(entry, request.build_absolute_uri)
            for entry in entries
        ]
    body = editorial_calendar.feed_document(
        name=gettext("%(site)s: editorial calendar") % {"site": settings.SITE_NAME},
        product_id=FEED_PRODUCT_ID,
        events=events,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The address is a password: nothing on the way may keep a copy.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def rows_missing(objects) -> dict[str, list]:
    """For each language, those of `objects` (series, authors) with no text in it."""
    objects = list(objects)
    return {
        code: [obj for obj in objects if code not in obj.languages()]
        for code in language_codes()
    }


@require_safe
def translation_status(request):
    """Which versions are missing, and which translations may lag behind their original."""
    missing, outdated = translating.missing_and_outdated(
        translating.articles_to_translate(request.user)
    )
    series = Series.objects.prefetch_related(
        Prefetch("translations", queryset=SeriesTranslation.objects.all())
    ).order_by("created_at", "pk")
    authors = Author.objects.prefetch_related("translations").order_by("name", "pk")
    missing_series, missing_authors = rows_missing(series), rows_missing(authors)
    names = dict(settings.LANGUAGES)
    context = {
        **admin.site.each_context(request),
        "title": _("Translation status"),
        "missing": [
            {"code": code, "name": names[code], "items": items,
             "series": missing_series[code], "authors": missing_authors[code]}
            for code, items in missing.items()
        ],
        "outdated": outdated,
    }
    return TemplateResponse(request, "admin/editorial/translation_status.html", context)


@require_POST
def version_create_view(request):
    """Create a missing version from another one, then open it for translation."""
    back = HttpResponseRedirect(reverse("admin:translation_status"))
    try:
        source_pk = int(request.POST.get("source", ""))
    except ValueError:
        source_pk = None
    source = (
        ArticleTranslation.objects.select_related("article").filter(pk=source_pk).first()
        if source_pk else None
    )
    if source is None:
        messages.error(request, gettext("The version to copy no longer exists."))
        return back
    announced = source.article.announced
    try:
        version = version_create(
            article=source.article,
            language=request.POST.get("language", ""),
            source=source,
            by=request.user,
        )
    except VersionRefused as refusal:
        messages.error(request, str(refusal))
        return back
    messages.success(request, gettext(
        "The %(language)s version is ready as a draft, copied from the %(source)s one: "
        "translate it, then save."
    ) % {"language": version.language.upper(), "source": source.language.upper()})
    if announced and not version.article.announced:
        messages.warning(request, announcement_withdrawn_message(version.article))
    matched = {tag.pk for tag in version.tags.all()}
    left = [tag.name for tag in source.tags.all() if tag.pk not in matched]
    if left:
        messages.info(request, gettext(
            "Tags to name in %(language)s, as its readers would look for them: %(tags)s."
        ) % {"language": version.language.upper(), "tags": ", ".join(sorted(left))})
    return HttpResponseRedirect(
        reverse("admin:articles_articletranslation_change", args=[version.pk])
    )


def shown_on_site(request, obj) -> bool:
    """Whether "View on site" may lead this person to `obj`'s page.

    Readers' pages that are public, and versions this person may edit; anything else
    (another author's draft, a share link's secret address) is not there for them.
    """
    if isinstance(obj, ArticleTranslation):
        return obj.is_published() or can_edit_version(request.user, obj)
    if isinstance(obj, SeriesTranslation | Author):
        # Their pages are public whatever the state of the articles.
        return True
    if admin.site.is_registered(type(obj)):
        return admin.site.get_model_admin(type(obj)).has_change_permission(request, obj)
    opts = obj._meta
    return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


@require_safe
def view_on_site(request, content_type_id: int, object_id: str):
    """The admin's "View on site" shortcut, for what this person may see (shown_on_site)."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
        obj = content_type.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError, AttributeError):
        raise Http404(gettext("This object does not exist.")) from None
    if not shown_on_site(request, obj):
        raise Http404(gettext("This object does not exist."))
    return shortcut(request, content_type_id, object_id)


# Editorial notes -------------------------------------------------------------------------


def article_notes(request, article_id: int):
    """The notes of an article and of each of its versions; write one, resolve one."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None or not notes.takes_part(request.user, article):
        # Whether the article exists is not told to those who take no part in it.
        raise Http404
    versions = list(article.versions.order_by("language"))
    if request.method == "POST":
        return _note_posted(request, article, versions)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    threads = {None: []} | {version.pk: [] for version in versions}
    for note in notes.notes_of(article):
        threads.setdefault(note.version_id, []).append(note)
    context = {
        **admin.site.each_context(request),
        "title": gettext("Notes on “%(article)s”") % {"article": article},
        "article": article,
        "threads": [
            {"version": None, "notes": threads[None]},
            *({"version": version, "notes": threads[version.pk]} for version in versions),
        ],
        "note_max_length": Note._meta.get_field("text").max_length,
        "chosen": request.GET.get("version", ""),
    }
    return TemplateResponse(request, "admin/editorial/notes.html", context)


def _note_posted(request, article, versions) -> HttpResponseRedirect:
    back = reverse("admin:article_notes", args=[article.pk])
    by_pk = {str(version.pk): version for version in versions}
    if request.POST.get("about") in by_pk:
        # The next note is most likely about the same version.
        back += f"?version={request.POST['about']}"
    # Written from the thread beside a change form: back to that form.
    came_from = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = came_from
    try:
        if "resolve" in request.POST or "reopen" in request.POST:
            pk = request.POST.get("resolve") or request.POST.get("reopen")
            note = Note.objects.filter(article=article, pk=pk if str(pk).isdigit() else None)
            if not note.exists():
                raise notes.NoteRefused(gettext("This note no longer exists."))
            notes.note_resolve(note=note.get(), by=request.user,
                               resolved="resolve" in request.POST)
        else:
            about = request.POST.get("about", "")
            if about and about not in by_pk:
                raise notes.NoteRefused(gettext("Choose what the note is about."))
            notes.note_add(article=article, version=by_pk.get(about), by=request.user,
                           text=request.POST.get("text", ""))
            messages.success(request, gettext("The note is added."))
    except notes.NoteRefused as refusal:
        messages.error(request, str(refusal))
    return HttpResponseRedirect(back)
