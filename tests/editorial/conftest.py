import pytest

from articles.models import Status
from tests.factories import make_article, make_author, make_series, make_staff


@pytest.fixture
def people(db):
    """Two byline authors, an editor, and an author login signing as Ada."""
    ada, bob = make_author("Ada"), make_author("Bob")
    return {
        "ada": ada,
        "bob": bob,
        "editor": make_staff("Editor", username="eve"),
        "writer": make_staff("Author", author=ada, username="ada"),
    }


@pytest.fixture
def draft_world(db):
    """A French draft, part 1 of a series, signed by Ada alone, and the people who edit it.

    Its version's slug is "ada", as tests.factories.change_post expects. Camille and
    Dominique are editors; "writer" is Ada's author login.
    """
    ada = make_author("Ada")
    series = make_series()
    article = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Première version", "slug": "ada", "status": Status.DRAFT,
               "publish_at": None, "body": "Un texte court."}})
    return {"article": article, "series": series, "ada": ada,
            "version": article.versions.get(),
            "editor": make_staff("Editor", username="camille"),
            "other_editor": make_staff("Editor", username="dominique"),
            "writer": make_staff("Author", author=ada, username="ada")}
