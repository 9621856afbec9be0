"""Reading the public site's pages as a visitor's browser does.

Shared by the tests of the apps that own the pages: articles, series and authors.
"""

from django.http import HttpResponse
from django.test import Client


def get(path: str, **headers) -> tuple[HttpResponse, str]:
    """The answer to a visitor's request for `path`, and its text."""
    response = Client().get(path, **headers)
    return response, response.content.decode()
