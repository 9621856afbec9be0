from django.core.paginator import Page, Paginator

PER_PAGE = 12


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """The requested page; any odd `page` value gives the nearest real page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
