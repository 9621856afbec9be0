"""The image library: its list and pages, and the picker the body editor opens.

The picker is a popup page (editorial/image-picker.js): the editor uploads an image with
its texts, or picks one of the library, and it is inserted into the body it was opened
from as ``![label](image:42)`` (core.markdown), by the DOM event "pp:insert-markdown"
the body editor listens for.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import VersionImage
from core.languages import current_language, language_codes
from editorial.admin.base import NoLostEditsAdmin
from editorial.admin.language_rows import LanguageRowFormSet, LanguageRowInline, languages_column
from editorial.roles import versions_visible_to
from editorial.services import image_figures_refresh
from images import processing
from images.models import Image, ImageText
from images.renditions import current_renditions

IMAGE_ALT_MISSING = _("Describe the image in this language, or mark it as decorative.")
PICKER_PAGE_SIZE = 24


def needs_alt(decorative: bool) -> bool:
    """An image readers are meant to see is described in every language of the site."""
    return not decorative


def thumbnail(image: Image, *, alt: str = "") -> str:
    """The image's narrowest rendition, small: what the list and the picker show."""
    renditions = current_renditions(image.file, image.renditions)
    if renditions:
        url, width, height = (
            image.file.storage.url(renditions[0].jpeg), renditions[0].width,
            renditions[0].height,
        )
    elif image.file:
        url, width, height = image.file.url, None, None
    else:
        return ""
    return format_html(
        '<img class="pp-thumbnail" src="{}" alt="{}"{} loading="lazy">', url, alt,
        format_html(' width="{}" height="{}"', width, height) if width else "",
    )


class ImageTextFormSet(LanguageRowFormSet):
    def clean(self):
        super().clean()
        if not needs_alt(self.instance.decorative):
            return
        described, flagged = set(), set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            language = form.cleaned_data.get("language") or form.initial.get("language")
            if (form.cleaned_data.get("alt") or "").strip():
                described.add(language)
            else:
                form.add_error("alt", IMAGE_ALT_MISSING)
                flagged.add(language)
        if set(language_codes()) - described - flagged:
            raise ValidationError(IMAGE_ALT_MISSING)


class ImageTextInline(LanguageRowInline):
    model = ImageText
    formset = ImageTextFormSet
    fields = ["language", "alt", "caption", "credit"]


class ImageUploadForm(forms.Form):
    """A new image of the library with its texts in every language, in one form."""

    file = processing.SafeImageField(
        label=_("image"), help_text=Image._meta.get_field("file").help_text
    )
    decorative = forms.BooleanField(
        label=_("decorative"), required=False,
        help_text=Image._meta.get_field("decorative").help_text,
    )

    TEXT_FIELDS = ("alt", "caption", "credit")

    class Media:
        js = ["editorial/image-picker.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = processing.ACCEPT
        for language, _name in self.languages():
            for field_name in self.TEXT_FIELDS:
                model_field = ImageText._meta.get_field(field_name)
                self.fields[f"{field_name}_{language}"] = forms.CharField(
                    label=model_field.verbose_name, max_length=model_field.max_length,
                    required=False, help_text=model_field.help_text,
                )

    @staticmethod
    def languages() -> list[tuple[str, str]]:
        return list(settings.LANGUAGES)

    def fieldsets(self) -> list[tuple[str, list]]:
        """The texts' fields grouped by language, for the template."""
        return [
            (name, [self[f"{field_name}_{language}"] for field_name in self.TEXT_FIELDS])
            for language, name in self.languages()
        ]

    def clean(self):
        cleaned = super().clean()
        if needs_alt(cleaned.get("decorative", False)):
            for language, _name in self.languages():
                if not (cleaned.get(f"alt_{language}") or "").strip():
                    self.add_error(f"alt_{language}", IMAGE_ALT_MISSING)
        return cleaned

    @transaction.atomic
    def save(self) -> Image:
        image = Image.objects.create(
            file=self.cleaned_data["file"], decorative=self.cleaned_data["decorative"]
        )
        for language, _name in self.languages():
            texts = {name: self.cleaned_data[f"{name}_{language}"] for name in self.TEXT_FIELDS}
            if any(value.strip() for value in texts.values()):
                ImageText.objects.create(image=image, language=language, **texts)
        return image


@admin.register(Image)
class ImageAdmin(NoLostEditsAdmin):
    inlines = [ImageTextInline]
    list_display = ["preview", "label", "languages", "shown_in_count", "created_at"]
    list_display_links = ["label"]
    list_filter = ["decorative"]
    search_fields = ["translations__alt", "translations__caption", "translations__credit"]
    fields = ["file", "preview", "decorative", "shown_in"]
    readonly_fields = ["preview", "shown_in"]
    delete_confirmation_template = "admin/images/image/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/images/image/delete_selected_confirmation.html"

    def get_queryset(self, request):
        # Only the versions this person may see are counted and named: a title of another
        # author's draft would tell what they are writing (editorial.roles).
        visible = versions_visible_to(request.user).values("pk")
        return (
            super().get_queryset(request)
            .prefetch_related("translations")
            .annotate(shown_in_versions=Count(
                "version_uses", filter=Q(version_uses__version__in=visible), distinct=True
            ))
        )

    def get_object(self, request, object_id, from_field=None):
        image = super().get_object(request, object_id, from_field)
        if image is not None:
            image.seen_by = request.user
        return image

    @admin.display(description=_("preview"))
    def preview(self, image):
        return thumbnail(image) if image is not None and image.pk else "—"

    @admin.display(description=_("caption or text alternative"))
    def label(self, image):
        return str(image)

    @admin.display(description=_("texts"))
    def languages(self, image):
        return languages_column(image.translations.all())

    @admin.display(description=_("shown in"), ordering="shown_in_versions")
    def shown_in_count(self, image):
        count = image.shown_in_versions
        return ngettext("%(count)d version", "%(count)d versions", count) % {"count": count}

    @admin.display(description=_("shown in"))
    def shown_in(self, image):
        if image is None or image.pk is None:
            return "—"
        viewer = getattr(image, "seen_by", None)  # get_object's: the page's reader
        if viewer is None:
            return "—"
        links = version_links(VersionImage.objects.filter(
            image=image, version__in=versions_visible_to(viewer).values("pk")
        ))
        if not links:
            return gettext("No article shows it yet.")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", (
            (link,) for link in links
        )))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            refreshed = image_figures_refresh(image=form.instance)
            if refreshed:
                messages.info(request, ngettext(
                    "The image was updated in %(count)d language version.",
                    "The image was updated in %(count)d language versions.",
                    refreshed,
                ) % {"count": refreshed})

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Name the versions that show the images, each a link to open and edit it.
            protected = version_links(
                VersionImage.objects.filter(image__in=[image.pk for image in objs])
            )
        return deleted, counts, perms_needed, protected

    def get_urls(self):
        return [
            path("picker/", self.admin_site.admin_view(self.picker_view),
                 name="images_image_picker"),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The popup of the body editor: upload an image, or pick one, to insert it."""
        may_add = self.has_add_permission(request)
        if not (may_add or self.has_view_permission(request)):
            raise PermissionDenied
        target = request.GET.get("target", "")
        # The inserted Markdown's label is read where the image cannot be shown: in the
        # language of the body it goes into (the textarea's), not the admin's.
        language = request.GET.get("language", "")
        if language not in language_codes():
            language = current_language()
        form = ImageUploadForm()
        if request.method == "POST":
            if not may_add:
                raise PermissionDenied
            form = ImageUploadForm(request.POST, request.FILES)
            if form.is_valid():
                # Answered by a redirect: reloading the page must not upload it again.
                uploaded = form.save()
                return HttpResponseRedirect("?" + urlencode(
                    {"target": target, "language": language, "inserted": uploaded.pk}
                ))
        inserted = self.get_queryset(request).filter(
            pk=request.GET.get("inserted") if request.GET.get("inserted", "").isdigit() else None
        ).first()
        query = request.GET.get("q", "").strip()
        images = self.get_queryset(request).order_by("-created_at", "-pk")
        if query:
            images = images.filter(
                Q(translations__alt__icontains=query)
                | Q(translations__caption__icontains=query)
                | Q(translations__credit__icontains=query)
            ).distinct()
        page = Paginator(images, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Insert an image"),
            "opts": self.opts,
            "is_popup": True,
            "form": form,
            "may_add": may_add,
            "target": target,
            "language": language,
            "query": query,
            "page": page,
            "choices": [
                {"image": image, "thumbnail": thumbnail(image),
                 "label": str(image), "markdown": image.markdown(language)}
                for image in page
            ],
            "inserted": inserted and {
                "image": inserted, "label": str(inserted),
                "markdown": inserted.markdown(language),
            },
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/images/image/picker.html", context)


def version_links(uses) -> list[str]:
    """Each version of `uses` (VersionImage rows) once, as a link to its admin page."""
    versions = {use.version_id: use.version for use in uses.select_related("version")}
    return [
        format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_articletranslation_change", args=[version.pk]), version,
        )
        for version in sorted(versions.values(), key=lambda version: (version.title, version.pk))
    ]
