"""Revision comments kept in no language and read in the reader's.

A bilingual team reads one history: a comment is stored as its English message and its
parameters, marked as ours, and translated each time it is shown, as Django does with
the admin's own change messages. Mark each message for extraction with gettext_noop().
"""

import json

from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext

MARK = "powerplay-comment:"


def revision_comment(message: str, **params) -> str:
    """What to give reversion.set_comment() for `message` (an English msgid)."""
    return MARK + json.dumps({"message": message, "params": params}, ensure_ascii=False)


def comment_text(stored: str) -> str:
    """A revision's comment in the active language."""
    if stored.startswith(MARK):
        try:
            data = json.loads(stored.removeprefix(MARK))
            message = gettext(data["message"])
            return message % data["params"] if data["params"] else message
        except (ValueError, KeyError, TypeError):
            return stored
    # Comments written by the admin itself are Django's JSON change messages.
    return LogEntry(change_message=stored).get_change_message()
