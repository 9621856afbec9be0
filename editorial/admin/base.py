from django.contrib.admin.utils import unquote

from editorial.recovery import RecoverableAdmin
from editorial.services import addresses_kept


class ContentAdmin(RecoverableAdmin):
    """The admin of what readers see: recoverable, and renaming never breaks a link.

    A save that changes an address readers know (a slug, a version's language) leaves a
    301 from the old one (editorial.services.addresses_kept).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = None
        if object_id is not None and request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with addresses_kept(obj):
            return super().changeform_view(request, object_id, form_url, extra_context)
