"""Text as editors paste it, freed of what no reader should get: control characters.

Copying from a terminal, a PDF or a word processor brings invisible characters along
(vertical tab, escape, form feed…). They mean nothing in prose, break XML (feeds,
sitemaps) and search, and PostgreSQL refuses NUL. One rule for every text field of the
content: C0 control characters and DEL are removed, except tab and line feed, and a line
ends with a line feed only: a carriage return (CRLF from a form's text area, a lone CR
from old files) becomes one, so no field, single-line or not, stores a CR.
"""

import re

from django.db import models

# C0 controls other than tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """`value` without control characters, its lines ended by line feeds."""
    # First the characters that are not there, so a CR and LF they separated are one break.
    value = CONTROL_CHARACTERS.sub("", value)
    if "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def clean_text_fields(instance: models.Model, names=None) -> None:
    """Clean every text field (any CharField or TextField) of `instance` in place, or
    only those named in `names`."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if names is not None and field.name not in names and field.attname not in names:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


def clean_text_before_saving(sender, instance: models.Model, update_fields=None, **kwargs) -> None:
    """A pre_save receiver: the fields about to be written are cleaned first.

    A signal, not save(), because imports (import_content, loaddata) and restored
    revisions write rows with save_base(raw=True), which no save() override sees.
    """
    clean_text_fields(instance, update_fields)
