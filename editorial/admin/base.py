from django.contrib.admin.utils import unquote

from editorial.forms import SLUG_FIELDS
from editorial.recovery import RecoverableAdmin
from editorial.services import old_addresses_kept, public_urls


class ContentAdmin(RecoverableAdmin):
    """The admin of what readers see: recoverable, and renaming never breaks a link.

    A save that changes an address readers know (a slug, a version's or a series text's
    language), whether typed or restored from the history, leaves a 301 from the old one
    (editorial.services), committed with the change itself. Slugs follow the site's one
    rule (core.slugs).
    """

    formfield_overrides = SLUG_FIELDS

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion writes the revision's rows back before the form is even shown: the
        # addresses readers know now must be read first.
        obj = self.get_object(request, unquote(object_id))
        request.addresses_before = public_urls(obj) if obj is not None else {}
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if change and not hasattr(request, "addresses_before"):
            request.addresses_before = public_urls(obj)
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        # The last step of a change, inside its transaction, once every inline is saved
        # (and, for an article, its versions' workflow state is put back after a restore).
        old_addresses_kept(obj, getattr(request, "addresses_before", {}))
        return super().log_change(request, obj, message)
