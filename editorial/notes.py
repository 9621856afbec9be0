"""Editorial notes: the thread of comments on a language version or on its article.

Only those who work on the article take part: the editors, and the authors who sign it.
A note is never shown on the site, in the API or in the feeds; it goes into the article's
revision history (a revision recording the version, or the article, as it stands, with
the note as its comment), into the content archive, and to those it concerns by e-mail.
"""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.models import Article
from editorial.models import Note, NoticeKind
from editorial.notifications import notify
from editorial.revision_comments import revision_comment
from editorial.roles import is_editor, signs

# Longer notes are cut in the history's timeline; the thread keeps the whole text.
HISTORY_EXCERPT = 200


class NoteRefused(Exception):
    """The note cannot be written or changed; the message says why."""


def takes_part(user, article: Article) -> bool:
    """Who reads and writes the notes of `article`: editors, and the authors who sign it."""
    return bool(user.is_active and user.is_staff and (is_editor(user) or signs(user, article)))


def notes_of(article: Article):
    """The threads of `article`: its own notes and its versions', oldest first."""
    return Note.objects.filter(article=article).select_related(
        "version", "written_by", "resolved_by")


def _in_history(note: Note, by, message: str) -> None:
    """Record the note's subject as it stands, with `message` as the revision's comment:
    the note joins the history's timeline; nothing of the text changes."""
    excerpt = note.text if len(note.text) <= HISTORY_EXCERPT else (
        note.text[:HISTORY_EXCERPT].rstrip() + "…")
    with reversion.create_revision():
        reversion.add_to_revision(note.version or note.article)
        reversion.set_user(by)
        reversion.set_comment(revision_comment(message, text=excerpt))


def note_add(*, article: Article, by, text: str, version=None) -> Note:
    if not takes_part(by, article):
        raise NoteRefused(_("Only the editors and the authors who sign this article can "
                            "write notes on it."))
    if version is not None and version.article_id != article.pk:
        raise NoteRefused(_("This version belongs to another article."))
    text = text.strip()
    if not text:
        raise NoteRefused(_("Write the note first."))
    if len(text) > Note._meta.get_field("text").max_length:
        raise NoteRefused(_("A note holds at most 5,000 characters."))
    with transaction.atomic():
        note = Note.objects.create(article=article, version=version, written_by=by, text=text)
        _in_history(note, by, gettext_noop("Note: %(text)s"))
        notify(NoticeKind.NOTE, article=article, version=version, by=by, note=note)
    return note


def note_resolve(*, note: Note, by, resolved: bool = True) -> Note:
    """Mark the note resolved (or open again)."""
    if not takes_part(by, note.article):
        raise NoteRefused(_("Only the editors and the authors who sign this article can "
                            "resolve its notes."))
    with transaction.atomic():
        current = Note.objects.select_for_update().get(pk=note.pk)
        if current.is_resolved == resolved:
            return current
        current.resolved_at = timezone.now() if resolved else None
        current.resolved_by = by if resolved else None
        current.save(update_fields=["resolved_at", "resolved_by"])
        _in_history(current, by, gettext_noop("Note resolved: %(text)s") if resolved
                    else gettext_noop("Note opened again: %(text)s"))
    return current
