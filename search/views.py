from collections.abc import Callable

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views import View

from core.i18n import same_page_in_every_language
from core.languages import current_language
from core.pagination import paginate_in_one_pass
from search.query import MAX_QUERY_LENGTH, add_snippets, clean_query, ranked_results


class SearchView(View):
    """The search page: just the form without a query, else a page of ranked results.

    `documents` gives the rows readers may find, in every language: the URL
    configuration passes the content's own visibility rule, so search shows exactly
    what the other public pages show. `result_template` renders one of them (`result`,
    with its `snippet`).
    """

    documents: Callable[[], QuerySet] | None = None
    # How one result looks: the documents' own app knows their fields.
    result_template: str = ""
    template_name = "search/search.html"
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        language = current_language()
        query, shortened = clean_query(request.GET.get("q", ""))
        page: Page | None = None
        if query:
            documents = self.documents().filter(language=language)
            page = paginate_in_one_pass(request, ranked_results(documents, query, language))
            add_snippets(documents, page.object_list, query, language)
        context = {
            "query": query,
            "shortened": shortened,
            "max_length": MAX_QUERY_LENGTH,
            "page": page,
            "result_template": self.result_template,
            # The switch leads to the same search in another language.
            "page_languages": same_page_in_every_language(
                request.path, query=urlencode({"q": query}) if query else ""
            ),
        }
        return render(request, self.template_name, context)
