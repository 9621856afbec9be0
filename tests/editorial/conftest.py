import pytest

from tests.factories import make_author, make_staff


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
