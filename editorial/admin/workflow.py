"""What the article and version pages share: the workflow panel and its buttons."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial import services
from editorial.forms import (
    ScheduleForm,
    edit_token,
)


def with_user(form_class, user):
    """The admin form class, bound to the person editing, for role-aware fields."""

    class UserForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("user", user)
            super().__init__(*args, **kwargs)

    UserForm.__name__ = form_class.__name__
    return UserForm


TRANSITIONS = {
    "submit": services.version_submit,
    "schedule": services.version_schedule,
    "publish": services.version_publish,
    "withdraw": services.version_withdraw,
    "back_to_draft": services.version_back_to_draft,
}

TRANSITION_LABELS = {
    "submit": _("Send to review"),
    "schedule": _("Schedule"),
    "publish": _("Publish now"),
    "withdraw": _("Withdraw"),
    "back_to_draft": _("Back to draft"),
}


def run_transition(request, version, name, marker: str | None, *, at=None) -> bool:
    """Apply one transition through its service; tell the editor when it is refused.

    `marker` is the version's marker (editorial.forms.edit_token) as the page or list the
    person acted on showed it. Without one, nobody can tell what the person saw: refused
    like a stale one, naming who changed the version last and when.
    """
    service = TRANSITIONS.get(name)
    if service is None:
        messages.error(request, gettext("Unknown action."))
        return False
    expected = parse_datetime(marker or "")
    if expected is None:
        messages.error(request, services.conflict_message(version))
        return False
    kwargs = {"version": version, "by": request.user, "expected_updated_at": expected}
    if name == "schedule":
        kwargs["at"] = at
    try:
        done = service(**kwargs)
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return False
    if name in ("publish", "schedule"):
        missing = services.version_missing_texts(done)
        if missing:
            # Not a refusal: the editor may publish first and have the texts follow.
            messages.warning(request, gettext(
                "Readers of “%(title)s” (%(language)s) will miss these texts in their "
                "language: %(missing)s."
            ) % {"title": done.title, "language": done.language.upper(),
                 "missing": "; ".join(missing)})
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


