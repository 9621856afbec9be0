"""Reading RSS and Atom feeds as a feed reader does, and the links that announce them.

Shared by the tests of the apps that own feeds: articles (site and tags), series, authors.
"""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime

from django.test import Client

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
SERVER = "http://testserver"


def fetch(path: str):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response, ET.fromstring(response.content)


def entries(root, fmt: str) -> list[dict]:
    """The entries of a parsed feed, in document order, in one shape for both formats."""
    if fmt == "rss":
        return [{
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "summary": item.findtext("description"),
            "authors": [item.findtext(f"{DC}creator")],
            "published": parsedate_to_datetime(item.findtext("pubDate")),
            "categories": sorted(c.text for c in item.findall("category")),
        } for item in root.iter("item")]
    return [{
        "title": entry.findtext(f"{ATOM}title"),
        "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
        "summary": entry.findtext(f"{ATOM}summary"),
        "authors": [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")],
        "author_uris": [a.findtext(f"{ATOM}uri") for a in entry.findall(f"{ATOM}author")],
        "published": datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
        "updated": datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        "categories": sorted(c.get("term") for c in entry.findall(f"{ATOM}category")),
    } for entry in root.iter(f"{ATOM}entry")]


def feed_links(html: str) -> dict[str, list[tuple[str, str]]]:
    """The autodiscovery links of a page: type → list of (title, href)."""
    links: dict[str, list[tuple[str, str]]] = {}
    for tag in re.findall(r"<link [^>]*>", html):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        if attrs.get("rel") == "alternate" and "type" in attrs:
            links.setdefault(attrs["type"], []).append((attrs["title"], attrs["href"]))
    return links
