"""Reading the public site's pages as a visitor's browser or a crawler does.

Shared by the tests of the apps that own the pages (articles, series and authors) and of
the metadata every page carries (core).
"""

import json
from collections import defaultdict

import html5lib
from django.http import HttpResponse
from django.test import Client

HOST = "http://testserver"
# Editor text that would end a page's JSON-LD script if it were written unescaped.
ATTACK = "</script><script>alert(1)</script>"


def get(path: str, **headers) -> tuple[HttpResponse, str]:
    """The answer to a visitor's request for `path`, and its text."""
    response = Client().get(path, **headers)
    return response, response.content.decode()


class Head:
    """What a crawler reads in a page's <head>."""

    def __init__(self, html: str):
        self.html = html
        document = html5lib.parse(html, namespaceHTMLElements=False)
        self.titles = [el.text for el in document.iter("title")]
        self.meta: dict[str, list[str]] = defaultdict(list)
        for el in document.iter("meta"):
            key = el.get("property") or el.get("name")
            if key:
                self.meta[key].append(el.get("content"))
        self.canonical = [el.get("href") for el in document.iter("link")
                          if el.get("rel") == "canonical"]
        self.alternates = {el.get("hreflang"): el.get("href") for el in document.iter("link")
                           if el.get("rel") == "alternate" and el.get("hreflang")}
        self.language_switch = [
            link.get("href") for nav in document.iter("nav")
            if nav.get("class") == "language-switch" for link in nav.iter("a")
        ]
        self.scripts = list(document.iter("script"))
        self.json_ld = [json.loads(el.text) for el in self.scripts
                        if el.get("type") == "application/ld+json"]

    def one(self, key: str) -> str:
        values = self.meta[key]
        assert len(values) == 1, (key, values)
        return values[0]

    def nodes(self, kind: str) -> list[dict]:
        return [node for data in self.json_ld for node in data["@graph"]
                if node["@type"] == kind]

    def node(self, kind: str) -> dict:
        (found,) = self.nodes(kind)
        return found

    def trail(self) -> list[tuple[str, str]]:
        crumbs = self.node("BreadcrumbList")["itemListElement"]
        assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
        return [(crumb["name"], crumb["item"]) for crumb in crumbs]


def head(path: str) -> Head:
    response = Client().get(path)
    assert response.status_code == 200, path
    return Head(response.content.decode())
