"""The back office's catalog pages: the product list (search, filters, pages), the
product form (decimal prices, several barcodes), categories, tax rates, the CSV import
and export, labels; every page refused to cashiers, every refusal saving nothing."""

from __future__ import annotations

import re

import pytest

NUTELLA = "3017620422003"
STABILO = "4006381333931"
RIZ = "3560070012749"


def text(response) -> str:
    return response.get_data(as_text=True)


def product_form(**fields: str) -> dict[str, str]:
    values = {
        "name": "Tarte aux pommes",
        "sku": "",
        "price": "12,50",
        "cost": "4.20",
        "tax_rate_id": "",
        "category_id": "",
        "sold_by": "unit",
        "barcodes": "",
        "reorder_level": "",
        "stock": "",
        "active": "1",
    }
    values.update(fields)
    return {key: value for key, value in values.items() if value is not None}


# -- permissions -----------------------------------------------------------------------------


def _routes(app, blueprints=("catalog_admin", "stock_admin")):
    runtime_app = app.runtimes.current().app
    for rule in runtime_app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in blueprints:
            values = {name: 987654 for name in rule.arguments}
            if "token" in values:
                values["token"] = "0" * 32
            path = rule.build(values)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, path


def test_every_catalog_and_stock_page_is_refused_to_a_cashier(app, cashier_api, counts):
    """A cashier may look products up at the till, but every back-office page of the
    catalog and stock answers 403, and no write happens."""
    before = counts()
    routes = list(_routes(app))
    assert len(routes) >= 20  # the walk sees the pages (a walk over nothing proves nothing)
    for endpoint, method, path in routes:
        response = cashier_api.open(path, method, data={"name": "x", "price": "1"})
        assert response.status_code == 403, (endpoint, method, path, response.status_code)
    assert counts() == before


def test_pages_need_a_signed_in_user(app, client):
    for endpoint, method, path in _routes(app):
        if method == "GET":
            response = client.get(path)
            assert response.status_code in (302, 401), (endpoint, response.status_code)


def test_the_menu_lists_the_catalog_and_stock_for_a_manager(manager_api):
    page = text(manager_api.get("/admin/"))
    for path in ("/admin/catalog/products", "/admin/catalog/categories", "/admin/stock/"):
        assert f'href="{path}"' in page


def test_a_session_form_without_the_csrf_token_is_refused(signed_in, counts):
    client = signed_in("manager")
    before = counts()
    response = client.post("/admin/catalog/products/new", data=product_form())
    assert response.status_code == 400
    assert counts() == before
    page = text(client.get("/admin/catalog/products/new"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/admin/catalog/products/new", data=product_form(csrf_token=token))
    assert response.status_code == 302


# -- the product list ------------------------------------------------------------------------


@pytest.fixture
def catalog(manager_api, create):
    categories = {
        name: manager_api.post("/api/v1/categories", json={"name": name}).json["id"]
        for name in ("Boulangerie", "Épicerie")
    }
    reduced = manager_api.post("/api/v1/tax-rates", json={"name": "Reduced", "rate": "5.5"})
    products = {
        "croissant": create(
            sku="BOU-1", name="Croissant au beurre", category_id=categories["Boulangerie"]
        ),
        "pain": create(
            sku="BOU-2",
            name="Pain au chocolat",
            category_id=categories["Boulangerie"],
            tax_rate="5.5",
            stock="2",
        ),
        "pate": create(
            sku="EPI-1",
            name="Pâte à tartiner",
            barcodes=[NUTELLA],
            category_id=categories["Épicerie"],
            stock="30",
        ),
        "old": create(sku="OLD-1", name="Vieux biscuit", active=False),
    }
    manager_api.patch(f"/api/v1/products/{products['pain']['id']}", json={"reorder_level": "5"})
    manager_api.patch(f"/api/v1/products/{products['pate']['id']}", json={"reorder_level": "5"})
    return {"categories": categories, "reduced": reduced.json, "products": products}


def listed(api, **args) -> list[str]:
    page = text(api.get("/admin/catalog/products", query_string=args))
    return re.findall(r'<a href="/admin/catalog/products/\d+"><strong>([^<]+)</strong>', page)


def test_search_by_name_sku_and_barcode(manager_api, catalog):
    assert listed(manager_api, q="choc") == ["Pain au chocolat"]
    assert listed(manager_api, q="pate tart") == ["Pâte à tartiner"]
    assert listed(manager_api, q="BOU") == ["Croissant au beurre", "Pain au chocolat"]
    assert listed(manager_api, q=NUTELLA) == ["Pâte à tartiner"]
    assert listed(manager_api, q="nothing like it") == []


def test_filters_by_category_tax_rate_status_and_low_stock(manager_api, catalog):
    boulangerie = catalog["categories"]["Boulangerie"]
    assert listed(manager_api, category=boulangerie) == ["Croissant au beurre", "Pain au chocolat"]
    assert listed(manager_api, tax=catalog["reduced"]["id"]) == ["Pain au chocolat"]
    assert listed(manager_api, active="0") == ["Vieux biscuit"]
    assert "Vieux biscuit" not in listed(manager_api, active="1")
    assert len(listed(manager_api)) == 4
    # Low: at or below its reorder level (2 <= 5); 30 is not; no level, never low.
    assert listed(manager_api, low="1") == ["Pain au chocolat"]
    assert listed(manager_api, low="1", category=boulangerie, q="pain") == ["Pain au chocolat"]


def test_low_stock_is_the_same_when_most_of_the_catalog_is_low(manager_api, catalog, monkeypatch):
    """The low set is cut into pages from its ids, or (past LOW_IDS_AT_MOST low products)
    as a subquery: both give the same products."""
    from core.catalog import browse

    boulangerie = catalog["categories"]["Boulangerie"]
    monkeypatch.setattr(browse, "LOW_IDS_AT_MOST", 0)
    assert listed(manager_api, low="1") == ["Pain au chocolat"]
    assert listed(manager_api, low="1", category=boulangerie, q="pain") == ["Pain au chocolat"]


def test_prices_are_shown_as_money(manager_api, catalog):
    page = text(manager_api.get("/admin/catalog/products", query_string={"q": "croissant"}))
    assert "€1.00" in page


def test_pages_follow_each_other_without_gaps_or_repeats(manager_api, create, monkeypatch):
    """Keyset pages: next until the end sees every product once, in name order; previous
    comes back to the same pages."""
    import core.catalog.views as views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for n in range(10):
        create(sku=f"S{n}", name=f"Produit {n:02d}")
    seen, pages, url = [], [], "/admin/catalog/products"
    while url:
        page = text(manager_api.get(url))
        names = re.findall(r"<strong>(Produit \d+)</strong>", page)
        pages.append((url, names))
        seen += names
        found = re.search(r'href="([^"]+)" rel="next"', page)
        url = found and found.group(1).replace("&amp;", "&")
    assert seen == [f"Produit {n:02d}" for n in range(10)]
    assert [len(names) for _url, names in pages] == [3, 3, 3, 1]
    last = text(manager_api.get(pages[-1][0]))
    previous = re.search(r'href="([^"]+)" rel="prev"', last).group(1).replace("&amp;", "&")
    assert (
        re.findall(r"<strong>(Produit \d+)</strong>", text(manager_api.get(previous)))
        == (pages[-2][1])
    )


# -- the product form ------------------------------------------------------------------------


def test_create_a_product_with_decimal_prices_and_barcodes(manager_api, catalog):
    category = catalog["categories"]["Boulangerie"]
    response = manager_api.post(
        "/admin/catalog/products/new",
        data=product_form(
            sku="TAR-1",
            price="12,50",
            cost="4.2",
            category_id=str(category),
            tax_rate_id=str(catalog["reduced"]["id"]),
            sold_by="weight",
            barcodes=f"{STABILO}\n{RIZ}",
            reorder_level="1,5",
            stock="3",
        ),
    )
    assert response.status_code == 302
    product = manager_api.get("/api/v1/products", query_string={"q": "TAR-1"}).json[0]
    assert response.headers["Location"].endswith(f"/admin/catalog/products/{product['id']}")
    assert (product["price"], product["cost"]) == (1250, 420)
    assert product["barcodes"] == [STABILO, RIZ]
    assert (product["category_id"], product["tax_rate"]) == (category, "5.5")
    assert (product["sold_by"], product["active"], product["stock"]) == ("weight", True, "3")
    assert product["reorder_level"] == "1.5"
    form = text(manager_api.get(response.headers["Location"]))
    assert 'value="12.50"' in form and 'value="4.20"' in form


def test_edit_a_product_replaces_its_barcodes_and_deactivates_it(manager_api, create):
    product = create(sku="A1", name="Thé", price=300, barcodes=[NUTELLA])
    response = manager_api.post(
        f"/admin/catalog/products/{product['id']}",
        data=product_form(name="Thé vert", sku="A1", price="3.10", barcodes=STABILO, active=None),
    )
    assert response.status_code == 302
    changed = manager_api.get(f"/api/v1/products/{product['id']}").json
    assert (changed["name"], changed["price"], changed["barcodes"]) == ("Thé vert", 310, [STABILO])
    assert changed["active"] is False


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"price": "12.505"}, "price", "at most 2 decimals"),
        ({"price": "douze"}, "price", "is not an amount"),
        ({"price": ""}, "price", "a price is required"),
        ({"cost": "-1"}, "cost", "is not an amount"),
        ({"name": "  "}, "name", ""),
        ({"barcodes": "3017620422004"}, "barcodes", "check digit"),
        ({"barcodes": NUTELLA}, "barcodes", "already used"),
        ({"category_id": "987654"}, "category_id", "no category"),
        ({"tax_rate_id": "987654"}, "tax_rate_id", "no tax rate"),
        ({"sold_by": "litre"}, "sold_by", ""),
        ({"stock": "1.2345"}, "stock", "3 decimals"),
        ({"sku": "TAKEN"}, "sku", "already used"),
    ],
)
def test_bad_input_shows_its_message_and_saves_nothing(
    manager_api, create, counts, fields, field, message
):
    create(sku="TAKEN", barcodes=[NUTELLA])
    before = counts()
    response = manager_api.post("/admin/catalog/products/new", data=product_form(**fields))
    assert response.status_code == 422
    page = text(response)
    assert "Nothing was saved" in page
    error = re.search(rf'<span class="error" id="e-{field}" role="alert">([^<]*)</span>', page)
    assert error, (field, page[page.find("has-error") - 200 : page.find("has-error") + 600])
    assert message in error.group(1)
    assert counts() == before
    typed = next(iter(fields.values()))
    if typed.strip() and field not in ("sold_by", "category_id", "tax_rate_id"):
        # What was typed is shown back (a choice from a list cannot be).
        assert typed.replace("'", "&#39;") in page


def test_every_bad_field_is_marked_at_once(manager_api, counts):
    before = counts()
    response = manager_api.post(
        "/admin/catalog/products/new",
        data=product_form(name="", price="12,505", barcodes="3017620422004", stock="x"),
    )
    assert response.status_code == 422
    marked = set(re.findall(r'<span class="error" id="e-([a-z_]+)"', text(response)))
    assert marked == {"name", "price", "barcodes", "stock"}
    assert counts() == before


def test_deleting_a_product_that_never_sold(manager_api, create):
    product = create(sku="GONE")
    response = manager_api.post(f"/admin/catalog/products/{product['id']}/delete")
    assert response.status_code == 302
    assert manager_api.get(f"/api/v1/products/{product['id']}").status_code == 404


def test_unknown_product_is_a_404(manager_api):
    assert manager_api.get("/admin/catalog/products/987654").status_code == 404


# -- categories and tax rates ----------------------------------------------------------------


def test_categories_are_added_recoloured_and_deleted(manager_api, create):
    response = manager_api.post(
        "/admin/catalog/categories", data={"name": "Café", "color": "#6f4e37", "position": "2"}
    )
    assert response.status_code == 302
    (category,) = manager_api.get("/api/v1/categories").json
    assert (category["name"], category["color"], category["position"]) == ("Café", "#6f4e37", 2)
    product = create(category_id=category["id"])
    response = manager_api.post(
        f"/admin/catalog/categories/{category['id']}",
        data={"name": "Cafés", "color": "#112233", "position": "1"},
    )
    assert response.status_code == 302
    assert manager_api.get("/api/v1/categories").json[0]["color"] == "#112233"
    manager_api.post(f"/admin/catalog/categories/{category['id']}/delete")
    assert manager_api.get("/api/v1/categories").json == []
    assert manager_api.get(f"/api/v1/products/{product['id']}").json["category_id"] is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "", "color": "#112233"}, "Length"),
        ({"name": "X", "color": "not a colour"}, "String does not match"),
        ({"name": "X", "color": "#112233", "position": "first"}, "a whole number"),
        ({"name": "Taken", "color": "#112233"}, "already exists"),
    ],
)
def test_bad_category_saves_nothing(manager_api, counts, form, message):
    manager_api.post("/api/v1/categories", json={"name": "Taken"})
    before = counts()
    response = manager_api.post("/admin/catalog/categories", data=form)
    assert response.status_code == 422
    assert message in text(response) or message.lower() in text(response).lower()
    assert counts() == before


def test_tax_rates_are_added_changed_and_made_default(manager_api, create):
    response = manager_api.post(
        "/admin/catalog/tax-rates", data={"name": "Réduit", "rate": "5,5", "is_default": "1"}
    )
    assert response.status_code == 302
    rates = {r["name"]: r for r in manager_api.get("/api/v1/tax-rates").json}
    assert rates["Réduit"]["rate"] == "5.5" and rates["Réduit"]["is_default"] is True
    response = manager_api.post(
        f"/admin/catalog/tax-rates/{rates['Réduit']['id']}", data={"name": "Réduit", "rate": "7"}
    )
    assert response.status_code == 302
    assert {r["name"]: r["rate"] for r in manager_api.get("/api/v1/tax-rates").json}[
        "Réduit"
    ] == "7.0"


@pytest.mark.parametrize("rate", ["150", "cinq", "", "5.12345"])
def test_bad_tax_rate_saves_nothing(manager_api, counts, rate):
    before = counts()
    response = manager_api.post("/admin/catalog/tax-rates", data={"name": "X", "rate": rate})
    assert response.status_code == 422
    assert 'class="error"' in text(response)
    assert counts() == before


# -- CSV import and export -------------------------------------------------------------------


CSV = (
    "sku;name;price;cost;tax_rate;category;barcodes;stock\n"
    f"C1;Croissant;1,20;0,35;20;Boulangerie;{NUTELLA};10\n"
    "C2;Baguette;abc;;20;Boulangerie;;5\n"
    "C3;Brioche;3.50;;20;Boulangerie;;\n"
)


def import_now(api, token: str, **form: str) -> str:
    """Start the import of a checked upload and follow its progress page until it says
    how it ended (the import runs in a thread of its own)."""
    import time

    response = api.post(f"/admin/catalog/import/{token}", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/catalog/import/{token}")
    for _ in range(600):
        page = text(api.get(f"/admin/catalog/import/{token}"))
        if 'id="import-result"' in page:
            return page
        assert 'http-equiv="refresh"' in page and "<progress" in page
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def upload(api, data: str, name: str = "products.csv"):
    import io

    return api.post(
        "/admin/catalog/import",
        data={"file": (io.BytesIO(data.encode()), name)},
        content_type="multipart/form-data",
    )


def test_import_lists_bad_rows_with_line_numbers_and_writes_nothing(manager_api, counts):
    before = counts()
    response = upload(manager_api, CSV)
    assert response.status_code == 200
    page = text(response)
    assert "2 rows ready to import" in page and "1 bad row" in page
    errors = re.findall(r'<tr><td class="num">(\d+)</td><td>(\w*)</td><td>([^<]*)</td></tr>', page)
    assert errors == [("3", "price", "&#39;abc&#39; is not an amount such as 12.50")]
    assert counts() == before
    token = re.search(r'action="/admin/catalog/import/([0-9a-f]{32})"', page).group(1)
    # Importing without asking to skip: nothing is written, the page says why.
    done = import_now(manager_api, token)
    assert "Nothing was imported" in done and "row 3, column price" in done
    assert counts() == before


def test_import_skips_bad_rows_on_request(manager_api):
    page = text(upload(manager_api, CSV))
    token = re.search(r'action="/admin/catalog/import/([0-9a-f]{32})"', page).group(1)
    done = import_now(manager_api, token, skip_bad_rows="1")
    assert "2 created" in done and "1 bad row was skipped" in done
    products = {p["sku"]: p for p in manager_api.get("/api/v1/products").json}
    assert set(products) == {"C1", "C3"}
    assert (products["C1"]["price"], products["C1"]["cost"], products["C1"]["stock"]) == (
        120,
        35,
        "10",
    )
    # Posting it again (a second click) imports nothing twice: it shows the first import.
    again = manager_api.post(f"/admin/catalog/import/{token}", data={"skip_bad_rows": "1"})
    assert again.headers["Location"].endswith(f"/admin/catalog/import/{token}")
    assert len(manager_api.get("/api/v1/products").json) == 2


def test_a_whole_catalog_over_the_api_body_bound_can_be_uploaded(app, manager_api, counts):
    """The API refuses bodies over MAX_BODY_BYTES (1 MiB), but a merchant's catalog file
    is often larger (100,000 products is about 8 MB): the import page takes it."""
    limit = app.config["MAX_BODY_BYTES"]
    rows = ["sku;name;price;tax_rate"]
    while sum(len(row) + 1 for row in rows) <= 2 * limit:
        n = len(rows)
        rows.append(f"BIG{n:07d};Article en vrac numéro {n}, nom long;1,{n % 100:02d};20")
    data = "\n".join(rows) + "\n"
    assert len(data.encode()) > 2 * limit
    before = counts()
    response = upload(manager_api, data)
    assert response.status_code == 200, text(response)[:300]
    assert f"{len(rows) - 1:,} rows ready to import" in text(response)  # 36,349
    assert counts() == before
    # The API's bound still holds everywhere else, even on the same page's GET route.
    big_json = manager_api.post(
        "/api/v1/products", data="[" + "1," * limit + "1]", content_type="application/json"
    )
    assert big_json.status_code == 413


def test_a_file_with_a_bad_header_cannot_be_imported(manager_api, counts):
    before = counts()
    response = upload(manager_api, "sku,name,colour\nA,B,red\n")
    assert response.status_code == 422
    assert "unknown column" in text(response)
    assert "/admin/catalog/import/" not in text(response)
    assert upload(manager_api, "").status_code == 422
    assert counts() == before


def test_an_unknown_upload_token_imports_nothing(manager_api, counts):
    before = counts()
    unknown = manager_api.post("/admin/catalog/import/" + "a" * 32)
    assert unknown.status_code == 302 and unknown.headers["Location"].endswith("/import")
    assert manager_api.post("/admin/catalog/import/../../etc").status_code in (302, 404)
    assert manager_api.get("/admin/catalog/import/" + "a" * 32).status_code == 404
    assert manager_api.get("/admin/catalog/import/not-a-token").status_code == 404
    assert counts() == before


def test_export_writes_decimal_prices(manager_api, create):
    create(sku="E1", name="Éclair", price=250, cost=90, barcodes=[NUTELLA], stock="4")
    response = manager_api.get("/admin/catalog/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = text(response).splitlines()
    assert lines[0] == "sku,name,price,cost,tax_rate,category,barcodes,sold_by,active,stock"
    assert lines[1] == f"E1,Éclair,2.50,0.90,20.0,,{NUTELLA},unit,true,4"


# -- labels ----------------------------------------------------------------------------------


def test_labels_draw_each_barcode_with_name_and_price(manager_api, create):
    with_code = create(sku="L1", name="Confiture", price=365, barcodes=[NUTELLA])
    without = create(sku="L2", name="Cannelé", price=180)
    response = manager_api.get(
        "/admin/catalog/labels",
        query_string={"ids": f"{with_code['id']},{without['id']}", "copies": "2"},
    )
    page = text(response)
    assert response.status_code == 200
    assert page.count("<svg") == 4
    assert page.count("Confiture") >= 2 and "€3.65" in page and "€1.80" in page
    assert NUTELLA in page and "L2" in page  # the SKU stands in for a missing barcode
