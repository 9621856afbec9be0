from django.utils.functional import SimpleLazyObject

from core.i18n import same_page_in_every_language


def page_languages(request):
    """Default language links: the same page in each language. Views with per-language
    slugs, and lists (whose links keep the page number), put their own `page_languages`
    in the context, which takes precedence."""
    return {
        "page_languages": SimpleLazyObject(lambda: same_page_in_every_language(request.path))
    }
