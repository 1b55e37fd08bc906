"""The back office's roles matrix and plugins page in French: every permission's
description and every plugin's title and description are read in the reader's language,
the plugins' own (each from its catalog) included."""

from __future__ import annotations

import html

import pytest
from bundled import BUNDLED
from flask_babel import force_locale, gettext

FRENCH = {"Accept-Language": "fr"}


def _english_and_french(app, texts: list) -> list[tuple[str, str]]:
    """(English, French) of each text that the French catalog says otherwise (a word such
    as "Promotions" is the same in both and proves nothing). The French comes from the
    catalog, not from the text: a description left unmarked shows in English and fails."""
    # The enabled plugins' catalogs are merged in the current runtime's app.
    runtime_app = app.comptoir_host.runtimes.current().app
    with runtime_app.test_request_context(), force_locale("en"):
        english = [str(text) for text in texts]
    with runtime_app.test_request_context(headers=FRENCH), force_locale("fr"):
        pairs = [(text, gettext(text)) for text in english if text]
    return [(text, french) for text, french in pairs if text != french]


def _page(pages, path: str) -> str:
    response = pages.get(path, headers=FRENCH)
    assert response.status_code == 200, path
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_the_roles_matrix_in_french_shows_no_english_permission(app, admin_pages):
    permissions = app.comptoir_host.runtimes.current().permissions.values()
    descriptions = [permission.description for permission in permissions]
    pairs = _english_and_french(app, descriptions)
    # The core's and every bundled plugin's permissions (crm, loyalty, promotions...).
    assert len(pairs) >= 30, pairs
    page = _page(admin_pages, "/admin/roles/")
    assert [english for english, _ in pairs if english in page] == []
    assert [french for _, french in pairs if french not in page] == []


@pytest.mark.comptoir_plugins(*BUNDLED)
def test_the_plugins_page_in_french_shows_no_english_title_or_description(app, admin_pages):
    infos = [plugin.info for plugin in app.comptoir_host.runtimes.current().installed.values()]
    assert {info.name for info in infos} >= set(BUNDLED)
    pairs = _english_and_french(app, [text for i in infos for text in (i.title, i.description)])
    # Titles that are French too: "Promotions", "E-mail", "Webhooks", "Restaurant", "Golf".
    assert len(pairs) >= 2 * len(BUNDLED) - 5, pairs
    page = _page(admin_pages, "/admin/plugins")
    assert [english for english, _ in pairs if english in page] == []
    assert [french for _, french in pairs if french not in page] == []
