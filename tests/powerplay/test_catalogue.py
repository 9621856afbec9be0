"""The French catalogue is complete, and the compiled file matches it."""

from pathlib import Path

import polib
from django.conf import settings

from powerplay import settings as project

LOCALE = Path(settings.BASE_DIR) / "locale"
# The languages the site declares: a run of the suite may add one with no catalogue
# (PP_TEST_EXTRA_LANGUAGE, tests/settings.py), which then shows in French.


def test_every_language_but_the_source_has_a_complete_catalogue():
    for code, _name in project.LANGUAGES:
        if code == "en":  # the source language of every msgid
            continue
        path = LOCALE / code / "LC_MESSAGES" / "django.po"
        assert path.exists(), f"{path} is missing: make messages creates it."
        po = polib.pofile(str(path))
        assert po.untranslated_entries() == []
        assert po.fuzzy_entries() == []
        assert len(po.translated_entries()) > 50


def test_compiled_catalogue_matches_the_source():
    """`make run` uses the committed .mo; it must hold every current translation."""
    for code, _name in project.LANGUAGES:
        if code == "en":
            continue
        folder = LOCALE / code / "LC_MESSAGES"
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
                    for e in polib.mofile(str(folder / "django.mo"))}
        for entry in polib.pofile(str(folder / "django.po")).translated_entries():
            expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
            got = compiled.get((entry.msgctxt, entry.msgid))
            if isinstance(got, dict):
                got = {int(k): v for k, v in got.items()}
            assert got == expected, entry.msgid
