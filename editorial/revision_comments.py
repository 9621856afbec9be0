"""Revision comments kept in no language and read in the reader's.

A bilingual team reads one history: a comment is stored as its English message and its
parameters, marked as ours, and translated each time it is shown, as Django does with
the admin's own change messages. Mark each message for extraction with gettext_noop().
"""

import json
from datetime import datetime

from django.contrib.admin.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

MARK = "powerplay-comment:"


def revision_comment(message: str, **params) -> str:
    """What to give reversion.set_comment() for `message` (an English msgid).

    A datetime parameter is kept as such, and written the reader's way when shown.
    """
    params = {
        name: {"datetime": value.isoformat()} if isinstance(value, datetime) else value
        for name, value in params.items()
    }
    return MARK + json.dumps({"message": message, "params": params}, ensure_ascii=False)


def shown_param(value):
    if isinstance(value, dict) and "datetime" in value:
        moment = datetime.fromisoformat(value["datetime"])
        return formats.localize(timezone.localtime(moment))
    return value


def comment_text(stored: str) -> str:
    """A revision's comment in the active language."""
    if stored.startswith(MARK):
        try:
            data = json.loads(stored.removeprefix(MARK))
            message = gettext(data["message"])
            params = {name: shown_param(value) for name, value in data["params"].items()}
            return message % params if params else message
        except (ValueError, KeyError, TypeError):
            return stored
    # Comments written by the admin itself are Django's JSON change messages.
    return LogEntry(change_message=stored).get_change_message()


def field_msgids(form, names) -> list[str]:
    """How a change message names the fields `names` of `form`: by their verbose name as
    written in the code (a msgid), which LogEntry.get_change_message() translates for
    each reader. Django stores the form's capitalised labels, which no catalogue holds:
    a French history read "Modification de Title et Body"."""
    # A form that is no model's (Django's password change form) names its own fields.
    model = getattr(getattr(form, "_meta", None), "model", None)
    found = []
    with translation.override(None):
        for name in names:
            try:
                if model is None:
                    raise FieldDoesNotExist(name)
                label = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                field = form.fields.get(name)
                label = field.label if field is not None and field.label else name
            found.append(str(label))
    return found


def with_field_msgids(message: list, form, formsets, add: bool) -> list:
    """Django's change message (admin.utils.construct_change_message) with every changed
    field named by field_msgids(), in the order Django lists them."""
    field_lists = []
    if not add and form.changed_data:
        field_lists.append(field_msgids(form, form.changed_data))
    for formset in formsets or ():
        for _changed, names in formset.changed_objects:
            field_lists.append(field_msgids(formset.forms[0], names))
    changed = [part["changed"] for part in message if "changed" in part]
    for part, names in zip(changed, field_lists, strict=True):
        part["fields"] = names
    return message
