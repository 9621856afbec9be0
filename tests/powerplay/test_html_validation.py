"""Every kind of public page is valid HTML for the Nu HTML Checker, in every language.

The checker (vnu-jar from the npm registry, pinned by package.json and package-lock.json)
runs on Java; `make vnu`, which `make test` runs first, installs both where missing. All
pages go to one run of the checker: starting Java takes seconds.
"""

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Status
from articles.views import unavailable_url
from core.i18n import reverse_in
from editorial.models import ShareLink
from powerplay import settings as project
from tests.factories import client_for, make_article, make_staff

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The site's languages, which the scene writes content in (a language added for a test
# run has no article to show).
LANGUAGES = [code for code, _ in project.LANGUAGES]

pytestmark = pytest.mark.html_validation


def public_pages(scene, language: str) -> dict[str, str]:
    """One address of every kind of page a reader (or a reviewer with a link) can open."""
    version = scene["both"].versions.get(language=language)
    tag = version.tags.first()
    elsewhere = make_article(versions={
        other: {"title": f"Ailleurs {other}", "slug": f"ailleurs-{other}-{language}"}
        for other in LANGUAGES if other != language
    })
    draft = make_article(versions={language: {
        "title": "Brouillon", "slug": f"brouillon-{language}", "status": Status.DRAFT,
        "publish_at": None,
    }}).versions.get()
    home = reverse_in(language, "home")
    return {
        "home": home,
        "article": version.get_absolute_url(),
        "article list": reverse_in(language, "articles:list"),
        "article list, page 2": reverse_in(language, "articles:list") + "?page=2",
        "topic": reverse_in(language, "articles:tag", slug=tag.slug),
        "not yet in this language": unavailable_url(elsewhere, language),
        "series": scene["series"].translations.get(language=language).get_absolute_url(),
        "series list": reverse_in(language, "series:list"),
        "author": scene["ada"].get_absolute_url(language),
        "author list": reverse_in(language, "authors:list"),
        "search": reverse_in(language, "search") + f"?q={version.title.split()[-1]}",
        "search, nothing found": reverse_in(language, "search") + "?q=zzzzzz",
        "shared preview": ShareLink.objects.create(version=draft).get_absolute_url(),
        "not found (404)": home + "no-such-page/",
        "bad request (400)": home + "articles/%00/",
        "not a topic in this language": reverse_in(
            language, "articles:tag-unavailable", slug=elsewhere_topic(elsewhere, language)
        ),
        "no longer in this language": unavailable_url(
            withdrawn_here(language), language
        ),
    }


def elsewhere_topic(article, language: str) -> str:
    """A topic only versions in other languages carry."""
    for version in article.versions.all():
        version.tags.add(f"ailleurs-{language}")
    return article.versions.first().tags.get().slug


def withdrawn_here(language: str):
    """An article public in the other languages and withdrawn in `language`."""
    return make_article(versions={
        code: ({"title": "Retiré", "slug": f"retire-{language}", "status": Status.WITHDRAWN}
               if code == language else
               {"title": f"Encore là {code}", "slug": f"encore-la-{code}-{language}"})
        for code in LANGUAGES
    })


def other_answers(language: str) -> dict[str, object]:
    """Pages answered to what a reader or an editor cannot do: 403 and 405."""
    author = make_staff("Author", username=f"author-{language}")
    return {
        "access denied (403)": client_for(author, language).get(
            reverse("admin:auth_user_changelist")),
        "method not allowed (405)": Client().generic(
            "TRACE", reverse_in(language, "articles:list")),
    }


def make_library_image():
    """An image of the library with its texts in every language."""
    from django.core.files.base import ContentFile
    from PIL import Image as PillowImage

    from images.models import Image, ImageText

    buffer = io.BytesIO()
    PillowImage.new("RGB", (900, 500), (20, 120, 90)).save(buffer, "JPEG")
    image = Image.objects.create(file=ContentFile(buffer.getvalue(), name="figure.jpg"))
    for language in LANGUAGES:
        ImageText.objects.create(image=image, language=language, alt="A green field",
                                 caption="The field", credit="Photo: Alan")
    return image


def check_with_vnu(files: list[Path]) -> list[dict]:
    """The errors the Nu HTML Checker finds in these files, in one run."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("The Nu HTML Checker needs Java and vnu-jar: run `make vnu`.")
    completed = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    try:
        messages = json.loads(completed.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"The Nu HTML Checker did not answer: {completed.stdout}{completed.stderr}")
    return [message for message in messages
            if message.get("type") in ("error", "non-document-error")]


@pytest.mark.django_db
def test_every_public_page_is_valid_html_in_every_language(metadata_scene, tmp_path):
    """No error on any kind of public page, once revised, with pictures and times."""
    figure = make_library_image()
    metadata_scene["both"].hero_credit = "Photo: Ada"
    metadata_scene["both"].save()
    for version in metadata_scene["both"].versions.all():  # an "Updated on" time
        version.body += f"\n\nA later paragraph.\n\n![A figure](image:{figure.pk})"
        version.hero_caption = "A caption"
        version.save()
    pages = {}
    for language in LANGUAGES:
        answers = {
            kind: (path, Client().get(path))
            for kind, path in public_pages(metadata_scene, language).items()
        } | {kind: (kind, response) for kind, response in other_answers(language).items()}
        for kind, (path, response) in answers.items():
            assert "text/html" in response["Content-Type"], (language, kind, path)
            expected = int(kind[-4:-1]) if kind.endswith(")") and kind[-4:-1].isdigit() else 200
            assert response.status_code == expected, (language, kind, path)
            file = tmp_path / f"{len(pages):02d}.html"
            file.write_bytes(response.content)
            pages[file.name] = f"{kind} ({language}) {path}"

    errors = check_with_vnu(sorted(tmp_path.glob("*.html")))

    found = [
        f"{pages.get(Path(error.get('url', '')).name, error.get('url'))}, "
        f"line {error.get('lastLine')}: {error['message']} {error.get('extract', '')!r}"
        for error in errors
    ]
    if found:
        pytest.fail(f"{len(found)} errors of the Nu HTML Checker:\n" + "\n".join(found))
