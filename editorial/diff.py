"""Word-level differences between two texts: revisions side by side, a source's changes inline."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

_TOKENS = re.compile(r"\s+|[^\s]+")


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with removals in <del>, and the new text with additions in <ins>."""
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_tokens[i1:i2]))
        added = escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    # Every piece was escaped above; only the markers are markup.
    return mark_safe("".join(left)), mark_safe("".join(right))


def _changes(old: str, new: str) -> list[tuple[bool, str, str]]:
    """The texts as runs of (same, old part, new part), word by word.

    Spaces alone between two changes join them: "a b c" rewritten "x y z" is one change,
    not three changes around unchanged spaces.
    """
    old_tokens, new_tokens = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    runs = [
        (tag == "equal", "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    merged: list[tuple[bool, str, str]] = []
    for index, (same, removed, added) in enumerate(runs):
        between_changes = 0 < index < len(runs) - 1 and not runs[index + 1][0]
        if same and between_changes and not added.strip():
            same = False
        if merged and not same and not merged[-1][0]:
            _same, before, after = merged.pop()
            removed, added = before + removed, after + added
        merged.append((same, removed, added))
    return merged


def inline(old: str, new: str) -> SafeString:
    """The new text, with what was removed from the old one in <del> and what was added in
    <ins>, each introduced by words for those who do not see the marks."""
    marks = {"del": escape(gettext("removed:")), "ins": escape(gettext("added:"))}
    pieces = []
    for same, removed, added in _changes(old, new):
        if same:
            pieces.append(escape(added))
            continue
        for tag, text in (("del", removed), ("ins", added)):
            if text:
                pieces.append(f'<{tag}><span class="visually-hidden"> {marks[tag]} </span>'
                              f"{escape(text)}</{tag}>")
    # Every piece was escaped above; only the markers are markup.
    return mark_safe("".join(pieces))
