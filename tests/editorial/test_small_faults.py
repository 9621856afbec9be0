"""Small faults of the back office seen on the way (issue 16): one slug rule for the
admin and the site, and a related-articles picker that leaves the article out and tells
namesakes apart."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Status
from core.slugs import slug_of
from series.models import SeriesTranslation
from tests.factories import formset, make_article, make_series, rendered_form_data


@pytest.mark.parametrize(("text", "slug"), [
    ("Les jeux de pouvoir de l’IA", "les-jeux-de-pouvoir-de-l-ia"),
    ("L'été des modèles ouverts", "l-ete-des-modeles-ouverts"),
    ("Œuvres d’art & cœur", "oeuvres-d-art-coeur"),
    ("Don't panic: Ærø's data", "don-t-panic-aero-s-data"),
    ("  Tirets -- et   espaces  ", "tirets-et-espaces"),
    ("already-a-slug", "already-a-slug"),
])
def test_one_slug_rule_keeps_words_apart_and_drops_accents(text, slug):
    assert slug_of(text) == slug


@pytest.mark.django_db
def test_a_slug_typed_in_the_admin_is_saved_by_the_sites_rule(editor_client):
    """A slug typed with capitals and an apostrophe is saved as the site writes slugs,
    not refused nor squeezed to "de-lia"."""
    data = formset("translations", [{
        "language": "fr", "title": "Les jeux de l’IA", "slug": "Jeux de l’IA", "blurb": "",
    }])

    response = editor_client.post(reverse("admin:series_series_add"), data, follow=True)

    assert response.redirect_chain, response.context.get("errors")
    assert SeriesTranslation.objects.get().slug == "jeux-de-l-ia"


@pytest.fixture
def namesakes(db):
    series = make_series(fr={"title": "Jeux de pouvoir"})
    article = make_article(series=series, part=1, versions={"fr": {"title": "Pourquoi ouvrir"}})
    twin = make_article(series=series, part=2, versions={
        "fr": {"title": "Pourquoi ouvrir", "status": Status.DRAFT, "publish_at": None}})
    loose = make_article(versions={"fr": {"title": "Pourquoi ouvrir"}})
    return article, twin, loose


def picker_answer(client, article, term="ouvrir") -> dict[str, str]:
    """What the related-articles picker of `article` offers for `term`: id → label."""
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    [select] = re.findall(r'<select[^>]*id="id_related_articles"[^>]*>', page.content.decode())
    url = html.unescape(re.search(r'data-ajax--url="([^"]*)"', select)[1])
    # As select2 does: its parameters after those the widget's address carries.
    response = client.get(f"{url}{'&' if '?' in url else '?'}" + urlencode({
        "app_label": "articles", "model_name": "article", "field_name": "related_articles",
        "term": term,
    }))
    assert response.status_code == 200
    return {row["id"]: row["text"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_the_related_articles_picker_leaves_the_article_itself_out(editor_client, namesakes):
    article, twin, loose = namesakes

    assert set(picker_answer(editor_client, article)) == {str(twin.pk), str(loose.pk)}


@pytest.mark.django_db
def test_the_related_articles_picker_tells_namesakes_apart(editor_client, namesakes):
    """Same title: the series, the part and each version's status tell them apart."""
    article, twin, loose = namesakes

    labels = picker_answer(editor_client, article)

    assert labels[str(twin.pk)] == "Pourquoi ouvrir (part 2) — Jeux de pouvoir — fr: draft"
    assert labels[str(loose.pk)] == "Pourquoi ouvrir — no series — fr: published"


@pytest.mark.django_db
def test_an_article_cannot_be_saved_as_related_to_itself(editor_client, namesakes):
    article, twin, _ = namesakes
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(url)
    data = rendered_form_data(page) | {"related_articles": [str(article.pk), str(twin.pk)]}

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "related_articles" in response.context["adminform"].form.errors
    assert list(article.related_articles.all()) == []


@pytest.mark.django_db
def test_picked_articles_are_shown_with_their_series_part_and_status(editor_client, namesakes):
    article, twin, _ = namesakes
    article.related_articles.add(twin)

    page = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()

    select = page.split('id="id_related_articles"')[1].split("</select>")[0]
    assert "Pourquoi ouvrir (part 2) — Jeux de pouvoir — fr: draft" in select


@pytest.mark.django_db
def test_a_tags_unicode_slug_is_kept_when_the_tag_is_saved(editor_client):
    """Tags keep taggit's slugs, accents included: their pages do not move."""
    tag = Tag.objects.create(name="modèles")
    url = reverse("admin:taggit_tag_change", args=[tag.pk])

    response = editor_client.post(url, rendered_form_data(editor_client.get(url)), follow=True)

    assert response.redirect_chain
    tag.refresh_from_db()
    assert tag.slug == "modèles"
