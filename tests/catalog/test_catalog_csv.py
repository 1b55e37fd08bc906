"""comptoir products import / export: round trip, upsert by SKU, a bad row writes
nothing."""

from __future__ import annotations

NUTELLA = "3017620422003"  # EAN-13
STABILO = "4006381333931"  # EAN-13


HEADER = "sku,name,price,cost,tax_rate,category,barcodes,sold_by,active,stock\n"


def test_import_creates_products_with_stock_and_categories(cli_runner, tmp_path, manager_api):
    """Rows become products, categories are created by name, stock is set."""
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER
        + f"A1,Pâte à tartiner,4.29,2.60,20,Épicerie,{NUTELLA}|{STABILO},unit,true,12\n"
        + 'A2,Comté,"28,90",,20,Frais,,weight,false,4.250\n',
        encoding="utf-8",
    )
    result = cli_runner("products", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    product = manager_api.get(f"/api/v1/products?barcode={STABILO}").json[0]
    assert (product["sku"], product["price"], product["stock"]) == ("A1", 429, "12")
    assert product["barcodes"] == [NUTELLA, STABILO]
    comte = manager_api.get("/api/v1/products?active=false").json[0]
    assert (comte["sold_by"], comte["stock"], comte["cost"]) == ("weight", "4.25", None)
    assert {c["name"] for c in manager_api.get("/api/v1/categories").json} == {
        "Épicerie",
        "Frais",
    }
    assert manager_api.get("/api/v1/products?q=pate").json[0]["sku"] == "A1"
    movements = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}").json
    assert [(m["reason"], m["delta"]) for m in movements] == [("initial", "12")]


def test_export_then_import_round_trip(cli_runner, tmp_path, create, manager_api):
    """Exporting and importing the file back changes nothing."""
    create(sku="A1", name="Café crème", price=320, barcodes=[NUTELLA], stock="3")
    create(sku="A2", name="Sel", price=295, cost=120, active=False)
    before = manager_api.get("/api/v1/products?updated_since=2000-01-01T00:00:00Z").json
    first, second = tmp_path / "one.csv", tmp_path / "two.csv"
    assert cli_runner("products", "export", str(first)).exit_code == 0
    result = cli_runner("products", "import", str(first))
    assert "2 unchanged" in result.output, result.output
    assert cli_runner("products", "export", str(second)).exit_code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    after = manager_api.get("/api/v1/products?updated_since=2000-01-01T00:00:00Z").json
    assert after == before


def test_import_updates_by_sku_and_records_stock_difference(
    cli_runner, tmp_path, create, manager_api
):
    """An existing SKU is updated; a new stock value is recorded as the difference."""
    product = create(sku="A1", name="Old", price=100, stock="10")
    path = tmp_path / "in.csv"
    path.write_text("sku,name,price,stock\nA1,New,1.50,7\n", encoding="utf-8")
    result = cli_runner("products", "import", str(path))
    assert "1 updated" in result.output, result.output
    changed = manager_api.get(f"/api/v1/products/{product['id']}").json
    assert (changed["name"], changed["price"], changed["stock"]) == ("New", 150, "7")
    assert changed["barcodes"] == product["barcodes"]  # column absent: unchanged
    movements = manager_api.get(f"/api/v1/stock/movements?product_id={product['id']}").json
    assert [(m["reason"], m["delta"]) for m in movements] == [
        ("adjustment", "-3"),
        ("initial", "10"),
    ]


def test_bad_row_writes_nothing(cli_runner, tmp_path, counts):
    """One bad row anywhere: a one-line error naming the row and column, exit 1, and
    not one product written."""
    before = counts()
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER
        + f"A1,Good,100,,20,,{NUTELLA},unit,true,1\n"
        + "A2,Bad,100,,20,,3017620422004,unit,true,1\n",
        encoding="utf-8",
    )
    result = cli_runner("products", "import", str(path))
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert error == [
        "Error: in.csv: row 3, column barcodes: 3017620422004 is not a valid GTIN-13: "
        "its check digit should be 3"
    ]
    assert counts() == before


def test_import_refuses_bad_values(cli_runner, tmp_path, counts):
    """Prices with a third decimal or not numbers, unknown tax rates, duplicate SKUs,
    unknown columns: refused."""
    before = counts()
    cases = {
        "sku,name,price\nA1,X,1.505\n": "row 2, column price",
        "sku,name,price\nA1,X,-1\n": "row 2, column price",
        "sku,name,price\nA1,X,12 EUR\n": "row 2, column price",
        "sku,name,price,tax_rate\nA1,X,150,7.7\n": "row 2, column tax_rate",
        "sku,name,price\nA1,X,150\nA1,Y,150\n": "row 3, column sku",
        "sku,name,price,colour\nA1,X,150,red\n": "row 1",
        "sku,name\nA1,X\n": "row 1",
        "sku,name,price\n,X,150\n": "row 2, column sku",
        f"sku,name,price,barcodes\nA1,X,1,{NUTELLA}\nA2,Y,1,{NUTELLA}\n": "row 3, column barcodes",
    }
    for text, where in cases.items():
        path = tmp_path / "in.csv"
        path.write_text(text, encoding="utf-8")
        result = cli_runner("products", "import", str(path))
        assert result.exit_code == 1, text
        assert where in result.output, (text, result.output)
    assert counts() == before


def test_barcode_taken_by_another_product_is_refused(cli_runner, tmp_path, create, counts):
    """A barcode of a product the file does not re-code is refused."""
    create(sku="OTHER", barcodes=[NUTELLA])
    before = counts()
    path = tmp_path / "in.csv"
    path.write_text(f"sku,name,price,barcodes\nA1,X,1,{NUTELLA}\n", encoding="utf-8")
    result = cli_runner("products", "import", str(path))
    assert result.exit_code == 1
    assert "belongs to the product 'OTHER'" in result.output
    assert counts() == before


def test_barcode_can_move_between_products_in_one_file(cli_runner, tmp_path, create, manager_api):
    """A file that takes a barcode off one product and puts it on another is accepted."""
    create(sku="A", barcodes=[NUTELLA])
    create(sku="B", barcodes=[STABILO])
    path = tmp_path / "in.csv"
    path.write_text(
        f"sku,name,price,barcodes\nB,B,100,{NUTELLA}\nA,A,100,{STABILO}\n", encoding="utf-8"
    )
    assert cli_runner("products", "import", str(path)).exit_code == 0
    assert manager_api.get(f"/api/v1/products?barcode={NUTELLA}").json[0]["sku"] == "B"


def test_semicolon_separated_file_is_read(cli_runner, tmp_path, manager_api):
    """Spreadsheets set to French save with ';': understood."""
    path = tmp_path / "in.csv"
    path.write_bytes("\ufeffsku;name;price\nA1;Crème;2,50\n".encode())
    assert cli_runner("products", "import", str(path)).exit_code == 0
    assert manager_api.get("/api/v1/products?q=creme").json[0]["price"] == 250


def test_prices_are_decimals_in_both_directions(cli_runner, tmp_path, manager_api):
    """12.50 and "12,50" are read as 1250 cents; the export writes 12.50, never cents."""
    path = tmp_path / "in.csv"
    path.write_text('sku,name,price,cost\nA1,X,12.50,"4,2"\nA2,Y,7,\n', encoding="utf-8")
    assert cli_runner("products", "import", str(path)).exit_code == 0
    prices = {p["sku"]: (p["price"], p["cost"]) for p in manager_api.get("/api/v1/products").json}
    assert prices == {"A1": (1250, 420), "A2": (700, None)}
    out = tmp_path / "out.csv"
    assert cli_runner("products", "export", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("A1,X,12.50,4.20,") and lines[2].startswith("A2,Y,7.00,,")
