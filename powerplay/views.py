from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from core.i18n import reverse_in


@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    """Send a reader arriving at / to the home page in the language their browser prefers."""
    language = translation.get_language_from_request(request)
    return redirect(reverse_in(language, "home"))


@cache_control(max_age=60 * 60 * 24)
def favicon(request):
    """/favicon.ico, which some browsers ask for whatever the page links: the site's icon.

    Temporary, and kept a day only: the icon's address holds a hash of its content in
    production, so it changes with the icon.
    """
    return redirect(static("favicon.svg"))
