"""The till's speed budget: its JavaScript and CSS weigh under 108 KB together (100 KB
until the plugin platform's second phase; docs/till.md says why it grew)."""

from __future__ import annotations

import re
from pathlib import Path

BUDGET = 108 * 1024
IMPORT = re.compile(r"""(?:import|from)\s*\(?\s*["'](\./[\w./-]+\.js)["']""")


def _assets_of_page(client, path: str) -> dict[str, bytes]:
    """Every script and stylesheet the page loads, following the modules' imports."""
    html = client.get(path).get_data(as_text=True)
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    urls += re.findall(r'<script type="module" src="([^"]+)"', html)
    loaded: dict[str, bytes] = {}
    while urls:
        url = urls.pop()
        if url in loaded:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        loaded[url] = response.get_data()
        response.close()
        if url.endswith(".js"):
            base = url.rsplit("/", 1)[0]
            for relative in IMPORT.findall(loaded[url].decode()):
                urls.append(f"{base}/{relative[2:]}")
    return loaded


def test_till_javascript_and_css_fit_in_108_kb(client):
    """Everything the till page loads (scripts, their imports, stylesheets; fonts
    excepted) adds up to less than 108 KB uncompressed."""
    assets = _assets_of_page(client, "/till/")
    assert any(url.endswith("main.js") for url in assets)
    assert any(url.endswith("pricing.js") for url in assets), "imports were not followed"
    total = sum(len(body) for body in assets.values())
    print(f"till assets: {len(assets)} files, {total} bytes")
    assert total < BUDGET, {url: len(body) for url, body in assets.items()}


def test_budget_counts_every_till_file(client):
    """No file of the till's static folder escapes the count: each one is loaded by the
    till or the display page."""
    folder = Path(__file__).resolve().parent.parent / "themes/default/static/till"
    on_disk = {f"/static/till/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*.*")}
    loaded = set(_assets_of_page(client, "/till/")) | set(_assets_of_page(client, "/till/display"))
    assert on_disk <= loaded, sorted(on_disk - loaded)
