"""What assistive technology reads from a server-rendered page: names and descriptions.

A simplified accessible-name computation (aria-labelledby, aria-label, <label for>, then
the text content), enough for the admin's own controls; the axe browser tests run the
full one on the pages as a browser draws them.
"""

from xml.etree.ElementTree import Element

import html5lib


def parse(html: str) -> Element:
    return html5lib.parse(html, namespaceHTMLElements=False)


def text(element: Element) -> str:
    """The element's text as read aloud: hidden descendants left out, spaces collapsed."""

    def parts(node: Element):
        yield node.text or ""
        for child in node:
            if child.get("hidden") is None and child.get("aria-hidden") != "true":
                yield from parts(child)
            yield child.tail or ""

    return " ".join("".join(parts(element)).split())


def by_id(document: Element, element_id: str) -> Element | None:
    return next((el for el in document.iter() if el.get("id") == element_id), None)


def referenced(document: Element, ids: str | None) -> list[Element]:
    found = [by_id(document, element_id) for element_id in (ids or "").split()]
    return [element for element in found if element is not None]


def accessible_name(document: Element, element: Element) -> str:
    if element.get("aria-labelledby"):
        return " ".join(text(el) for el in referenced(document, element.get("aria-labelledby")))
    if (element.get("aria-label") or "").strip():
        return element.get("aria-label").strip()
    if element.tag in ("input", "select", "textarea"):
        labels = [
            label for label in document.iter("label")
            if element.get("id") and label.get("for") == element.get("id")
        ]
        return " ".join(text(label) for label in labels)
    return text(element)


def description(document: Element, element: Element) -> str:
    return " ".join(text(el) for el in referenced(document, element.get("aria-describedby")))


def controls(container: Element) -> list[Element]:
    """The links, buttons and fields a person can reach in `container`."""
    return [
        element for element in container.iter()
        if element.tag in ("a", "button", "select", "textarea")
        or (element.tag == "input" and element.get("type") != "hidden")
    ]


def missing_references(document: Element) -> list[str]:
    """Ids named by aria-describedby or aria-labelledby that no element on the page has."""
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    return [
        f"{element.tag}#{element.get('id')} → {reference}"
        for element in document.iter()
        for attribute in ("aria-describedby", "aria-labelledby")
        for reference in (element.get(attribute) or "").split()
        if reference not in ids
    ]
