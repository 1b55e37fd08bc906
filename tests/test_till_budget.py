"""The till's speed budget: its JavaScript and CSS, as served (minified), weigh under
100 KB together."""

from __future__ import annotations

import re
from pathlib import Path

BUDGET = 100 * 1024
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


def test_till_javascript_and_css_fit_in_100_kb(client):
    """Everything the till page loads (scripts, their imports, stylesheets; fonts
    excepted), as the server sends them, adds up to less than 100 KB uncompressed."""
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


def test_scripts_and_styles_are_served_minified_and_revalidated(client):
    """What is sent is the minified file (no comments), and a browser holding it gets a
    304 when it asks again with its ETag."""
    folder = Path(__file__).resolve().parent.parent / "themes/default/static/till"
    for name in ("js/screens.js", "till.css"):
        response = client.get(f"/static/till/{name}")
        body = response.get_data(as_text=True)
        source = (folder / name).read_text(encoding="utf-8")
        assert response.status_code == 200
        assert len(body) < len(source) * 0.9, name
        assert "/*" not in body and "\n// " not in body, name
        again = client.get(
            f"/static/till/{name}", headers={"If-None-Match": response.headers["ETag"]}
        )
        assert again.status_code == 304
