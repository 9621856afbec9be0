from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

PER_PAGE = 12
# Past this page number nothing is read in one pass: an offset must fit the database's.
ONE_PASS_PAGES = 100_000


def paginate(request, queryset, per_page: int = PER_PAGE) -> Page:
    """The requested page; any odd `page` value gives the nearest real page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def paginate_in_one_pass(request, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """`paginate()`, with the count read by the statement that reads the page's rows.

    For rows costly to find (search matches and ranks every candidate), one pass over
    them rather than two. A page number past the last page falls back to `paginate()`.
    """
    try:
        number = max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        number = 1
    if number > ONE_PASS_PAGES:
        return paginate(request, queryset, per_page)
    first = (number - 1) * per_page
    rows = list(queryset.annotate(found_in_all=Window(Count("*")))[first:first + per_page])
    if not rows and number > 1:
        return paginate(request, queryset, per_page)
    paginator = Paginator(queryset, per_page)
    paginator.count = rows[0].found_in_all if rows else 0
    return Page(rows, number, paginator)
