"""Load the demo content; running it again adds nothing and changes nothing."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from articles.models import Article, ArticleAuthor, ArticleTranslation
from authors.models import Author, AuthorLink, AuthorTranslation
from core.languages import language_codes
from demo import content as demo_content
from editorial import notes, services
from editorial.models import EditorProfile
from images.models import Image as LibraryImage
from images.models import ImageText
from series.models import Series, SeriesTranslation


def draw_portrait(initials: str, colour: tuple[int, int, int]) -> ContentFile:
    """A plain portrait placeholder: initials on a coloured disc."""
    size = 480
    image = Image.new("RGB", (size, size), (244, 241, 234))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, size - 40, size - 40), fill=colour)
    draw.text((size / 2, size / 2), initials, fill="white", anchor="mm", font_size=150)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="portrait.jpg")


def draw_hero(part: int) -> ContentFile:
    """An abstract illustration: overlapping discs on a warm ground, varied by part."""
    width, height = 1600, 900
    palette = [(138, 44, 23), (32, 86, 122), (196, 145, 52), (60, 110, 80), (90, 60, 120)]
    image = Image.new("RGB", (width, height), (244, 238, 226))
    draw = ImageDraw.Draw(image)
    for index in range(5):
        colour = palette[(part + index) % len(palette)]
        x = (part * 211 + index * 347) % width
        y = (part * 97 + index * 181) % height
        radius = 180 + (index * 53 + part * 31) % 220
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="hero.jpg")


def draw_figure() -> ContentFile:
    """A plain bar chart: one tall bar, then many short ones that together outgrow it."""
    width, height = 1200, 675
    image = Image.new("RGB", (width, height), (250, 247, 240))
    draw = ImageDraw.Draw(image)
    baseline = height - 80
    draw.line((60, baseline, width - 60, baseline), fill=(60, 60, 60), width=4)
    draw.rectangle((110, 120, 250, baseline), fill=(138, 44, 23))
    for index in range(16):
        left = 340 + index * 50
        top = baseline - 60 - (index * 37) % 90
        draw.rectangle((left, top, left + 34, baseline), fill=(32, 86, 122))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="figure.png")


# A name, the same in every language (articles.Article.hero_credit).
HERO_CREDIT = "Power Play"

HERO_ALT = {
    "fr": "Illustration abstraite : des disques colorés qui se chevauchent.",
    "en": "Abstract illustration: overlapping coloured discs.",
}


class Command(BaseCommand):
    help = "Load the AI Power Play demo series, its authors and articles (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        series = self.seed_series()
        authors = {spec["slug"]: self.seed_author(spec) for spec in demo_content.AUTHORS}
        people = {role: self.seed_login(spec, authors)
                  for role, spec in demo_content.PEOPLE.items()}
        created = 0
        for spec in demo_content.ARTICLES:
            article = self.seed_article(spec, series, authors, now)
            if article is not None:
                # Only with a new article: run again, the command leaves alone what the
                # editors have done with it since.
                self.seed_editorial_work(article, spec, people, now)
                created += 1
        self.stdout.write(f"Demo content ready ({created} new articles).")

    def seed_series(self) -> Series:
        existing = SeriesTranslation.objects.filter(
            language="en", slug=demo_content.SERIES["en"]["slug"]
        ).first()
        if existing:
            return existing.series
        series = Series.objects.create()
        for language, text in demo_content.SERIES.items():
            if language in language_codes():
                SeriesTranslation.objects.create(series=series, language=language, **text)
        return series

    def seed_author(self, spec: dict) -> Author:
        author, created = Author.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "honours": spec["honours"],
                "website": spec["website"],
            },
        )
        if created:
            initials = "".join(word[0] for word in spec["name"].split())
            author.portrait.save("portrait.jpg", draw_portrait(initials, spec["colour"]))
            for language in language_codes():
                if language in spec:
                    AuthorTranslation.objects.create(
                        author=author, language=language, **spec[language]
                    )
            for position, (label, url) in enumerate(spec["links"], start=1):
                AuthorLink.objects.create(author=author, label=label, url=url, position=position)
        return author

    def seed_login(self, spec: dict, authors: dict[str, Author]):
        """A staff login of the demo's editorial work, which cannot log in."""
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={"first_name": spec["first_name"], "last_name": spec["last_name"],
                      "is_staff": True},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=spec["role"]))
            EditorProfile.objects.create(
                user=user, author=authors.get(spec["signs_as"]) if spec["signs_as"] else None
            )
        return user

    def seed_article(self, spec, series, authors, now) -> Article | None:
        """The article of `spec` with its versions, None if it was loaded before."""
        in_series = spec["part"] is not None
        if in_series and Article.objects.filter(series=series, part=spec["part"]).exists():
            return None
        if not in_series and ArticleTranslation.objects.filter(slug__in=[
            (spec.get(code) or {}).get("slug") for code in language_codes()
        ]).exists():
            return None
        target = spec.get("target_in_days")
        article = Article.objects.create(
            series=series if in_series else None,
            part=spec["part"],
            announced=spec["announced"],
            target_date=(now + timedelta(days=target)).date() if target else None,
        )
        if any((spec.get(code) or {}).get("status") == "published" for code in language_codes()):
            artwork = spec["part"] or len(demo_content.ARTICLES)
            article.hero_image.save("hero.jpg", draw_hero(artwork), save=False)
            article.hero_credit = HERO_CREDIT
            article.save()
        figure = self.seed_figure(spec["figure"]) if "figure" in spec else None
        for position, slug in enumerate(spec["authors"], start=1):
            ArticleAuthor.objects.create(article=article, author=authors[slug], position=position)
        for language in language_codes():
            text = dict(spec.get(language) or {})
            if not text:
                continue
            tags = text.pop("tags", [])
            days_ago = text.pop("published_days_ago", None)
            days_ahead = text.pop("scheduled_in_days", None)
            if article.hero_image:
                text.setdefault("hero_alt", HERO_ALT.get(language, ""))
            if figure is not None:
                text["body"] = text["body"].replace("{figure}", figure.markdown(language))
            if days_ago is not None:
                text["publish_at"] = now - timedelta(days=days_ago)
            elif days_ahead is not None:
                text["publish_at"] = now + timedelta(days=days_ahead)
            version = ArticleTranslation.objects.create(article=article, language=language, **text)
            version.tags.set(tags)
        return article

    def seed_editorial_work(self, article: Article, spec: dict, people: dict, now) -> None:
        """What the editors are doing with the live versions of `article`, done as they
        would: through the editorial services, notices and history included."""
        author, editor = people["author"], people["editor"]
        versions = {version.language: version for version in article.versions.all()}
        for language, changes in (spec.get("pending") or {}).items():
            version = versions.get(language)
            if version is None:
                continue
            services.changes_save(
                version=version,
                values={"standfirst": changes["standfirst"],
                        "body": version.body + changes["add_to_body"]},
                tag_names=[tag.name for tag in version.tags.all()],
                by=author,
            )
            services.changes_submit(version=version, by=author)
            if "update_in_days" in changes:
                services.changes_schedule(
                    version=version, by=editor,
                    at=now + timedelta(days=changes["update_in_days"]),
                )
        if "withdraw_in_days" in spec:
            for version in versions.values():
                services.version_schedule_withdrawal(
                    version=version, by=editor,
                    at=now + timedelta(days=spec["withdraw_in_days"]),
                )
        for note_spec in spec.get("notes", []):
            version = versions.get(note_spec["language"]) if note_spec["language"] else None
            if note_spec["language"] and version is None:
                continue
            note = notes.note_add(article=article, version=version,
                                  by=people[note_spec["by"]], text=note_spec["text"])
            if note_spec["resolved"]:
                notes.note_resolve(note=note, by=author)

    def seed_figure(self, texts: dict) -> LibraryImage:
        """An image of the library, with its texts in the site's languages."""
        image = LibraryImage()
        image.file.save("figure.png", draw_figure(), save=False)
        image.save()
        for language in language_codes():
            if language in texts:
                ImageText.objects.create(image=image, language=language, **texts[language])
        return image
