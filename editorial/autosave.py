"""A copy of what an editor types, kept for them alone until they save it.

The change forms of the editor's desk post their text fields every few seconds while
they change, and once more as the page goes away (static/editorial/no-lost-typing.js).
The copy is never applied to anything: whoever typed it is offered to put it back in the
same form, and saves it as any typing, against the version marker of the time they typed
(editorial.forms.NoLostEditsForm), so a colleague's save since still ends in the
conflict page, not under their text.
"""

from datetime import datetime

from django.contrib.admin import AdminSite
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse

from core.text import clean_text
from editorial.models import Autosave

# What one copy may hold: the fields of an article page with every language, and texts
# far longer than any article.
MOST_FIELDS = 300
LONGEST_NAME = 100
LONGEST_VALUE = 200_000
# Posted beside the fields.
OBJECT_FIELD, DISCARD_FIELD = "pp_autosave_object", "pp_autosave_discard"
NOT_TYPED = {"csrfmiddlewaretoken", OBJECT_FIELD, DISCARD_FIELD}


def typed_fields(data) -> dict[str, str]:
    """The posted fields of a form worth keeping, within the limits above."""
    fields = {}
    for name in data:
        if name in NOT_TYPED or len(name) > LONGEST_NAME:
            continue
        # What saving would remove anyway (core.text), and what PostgreSQL's JSON refuses.
        fields[clean_text(name)] = clean_text(str(data.get(name)))[:LONGEST_VALUE]
        if len(fields) == MOST_FIELDS:
            break
    return fields


def autosave_store(*, user, model: type[models.Model], object_id: str,
                   fields: dict[str, str]) -> Autosave:
    """Keep `fields` as `user`'s copy of the form of `object_id` ("" for an add form)."""
    Autosave.objects.expired().delete()
    # Two posts of the same person at the same instant (a timer and the page's last one)
    # are told apart by update_or_create's lock; either copy is theirs.
    autosave, _created = Autosave.objects.update_or_create(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=object_id,
        defaults={"fields": fields},
    )
    return autosave


def autosave_discard(*, user, model: type[models.Model], object_id: str) -> None:
    Autosave.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=object_id
    ).delete()


def autosave_offer(*, user, model: type[models.Model], object_id: str,
                   stored_at: datetime | None) -> Autosave | None:
    """`user`'s copy of the form, when it is newer than what is stored (`stored_at`)."""
    autosave = Autosave.objects.current().filter(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=object_id
    ).first()
    if autosave is None or (stored_at is not None and autosave.saved_at <= stored_at):
        return None
    return autosave


def autosave_url(model: type[models.Model]) -> str:
    return reverse("admin:autosave", args=[model._meta.app_label, model._meta.model_name])


def autosave_view(request, app_label: str, model_name: str, *, site: AdminSite):
    """Store (or, asked to, discard) the person's copy of one form they may save."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    model_admin = next((
        model_admin for model, model_admin in site._registry.items()
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
        and getattr(model_admin, "autosaves", False)
    ), None)
    if model_admin is None:
        raise Http404
    object_id = request.POST.get(OBJECT_FIELD, "")
    if object_id:
        # get_queryset() narrows to what the person may open (an author: their articles).
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_change_permission(request, obj):
            raise PermissionDenied
        object_id = str(obj.pk)
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.POST.get(DISCARD_FIELD):
        autosave_discard(user=request.user, model=model_admin.model, object_id=object_id)
    else:
        autosave_store(user=request.user, model=model_admin.model, object_id=object_id,
                       fields=typed_fields(request.POST))
    return HttpResponse(status=204)

