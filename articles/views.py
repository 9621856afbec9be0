from django.shortcuts import get_object_or_404, render

from powerplay.languages import current_language

from .models import ArticleTranslation


def article_detail(request, slug):
    version = get_object_or_404(
        ArticleTranslation.objects.published().in_language(current_language()).select_related(
            "article"
        ),
        slug=slug,
    )
    return render(request, "articles/article_detail.html", {"version": version})
