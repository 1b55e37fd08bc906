"""The catalog's registrations with the core hooks: its API, its back-office pages and
their menu entries, and its seed (a default tax rate always; a café-épicerie's shelves
for the demo)."""

from __future__ import annotations

import typing as t
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..db import db
from ..plugins.info import MenuItem
from ..plugins.markers import hookimpl
from .models import Category, Product, TaxRate

DEFAULT_TAX_RATE = ("Standard", Decimal("20"))

#: The demo's tax rates (French VAT): name, percent.
DEMO_TAX_RATES = (
    ("Standard", Decimal("20")),
    ("Intermediate", Decimal("10")),
    ("Reduced", Decimal("5.5")),
    ("Exempt", Decimal("0")),
)

#: name, colour
DEMO_CATEGORIES = (
    ("Café", "#6f4e37"),
    ("Boulangerie", "#d4a373"),
    ("Épicerie", "#588157"),
    ("Frais", "#4895ef"),
    ("Boissons", "#e76f51"),
    ("Fruits & légumes", "#80b918"),
)

#: sku, name, category, price (cents), cost, tax %, EAN-13 body (12 digits, the check digit
#: is computed) or "", sold_by, initial stock
DEMO_PRODUCTS: tuple[tuple[str, str, str, int, int, str, str, str, str], ...] = (
    ("CAF-001", "Espresso", "Café", 180, 25, "10", "", "unit", "0"),
    ("CAF-002", "Café crème", "Café", 320, 45, "10", "", "unit", "0"),
    ("CAF-003", "Cappuccino", "Café", 380, 55, "10", "", "unit", "0"),
    ("CAF-004", "Chocolat chaud", "Café", 350, 60, "10", "", "unit", "0"),
    ("CAF-005", "Thé vert à la menthe", "Café", 300, 30, "10", "", "unit", "0"),
    ("BOU-001", "Croissant au beurre", "Boulangerie", 120, 35, "5.5", "", "unit", "40"),
    ("BOU-002", "Pain au chocolat", "Boulangerie", 140, 40, "5.5", "", "unit", "40"),
    ("BOU-003", "Baguette tradition", "Boulangerie", 130, 30, "5.5", "", "unit", "60"),
    ("BOU-004", "Pain de campagne (au kg)", "Boulangerie", 690, 210, "5.5", "", "weight", "8"),
    ("BOU-005", "Cannelé bordelais", "Boulangerie", 180, 50, "5.5", "", "unit", "24"),
    (
        "EPI-001",
        "Pâte à tartiner noisettes 400 g",
        "Épicerie",
        429,
        260,
        "5.5",
        "301762042200",
        "unit",
        "18",
    ),
    ("EPI-002", "Penne rigate 500 g", "Épicerie", 189, 95, "5.5", "376004512031", "unit", "36"),
    ("EPI-003", "Riz basmati 1 kg", "Épicerie", 349, 190, "5.5", "356007001274", "unit", "20"),
    (
        "EPI-004",
        "Huile d'olive vierge extra 75 cl",
        "Épicerie",
        1190,
        720,
        "5.5",
        "376015820114",
        "unit",
        "12",
    ),
    (
        "EPI-005",
        "Confiture de fraises 370 g",
        "Épicerie",
        365,
        190,
        "5.5",
        "304523200165",
        "unit",
        "15",
    ),
    ("EPI-006", "Miel de lavande 250 g", "Épicerie", 790, 430, "5.5", "376022140047", "unit", "10"),
    ("EPI-007", "Sel de Guérande 250 g", "Épicerie", 295, 120, "5.5", "327072100309", "unit", "14"),
    (
        "EPI-008",
        "Café moulu pur arabica 250 g",
        "Épicerie",
        549,
        310,
        "5.5",
        "304642003512",
        "unit",
        "22",
    ),
    (
        "EPI-009",
        "Thé Earl Grey 20 sachets",
        "Épicerie",
        395,
        180,
        "5.5",
        "350105500212",
        "unit",
        "16",
    ),
    (
        "EPI-010",
        "Chocolat noir 70 % 100 g",
        "Épicerie",
        249,
        120,
        "5.5",
        "304692000483",
        "unit",
        "30",
    ),
    (
        "EPI-011",
        "Sablés bretons pur beurre 125 g",
        "Épicerie",
        275,
        130,
        "5.5",
        "317685040228",
        "unit",
        "25",
    ),
    ("FRA-001", "Lait demi-écrémé 1 L", "Frais", 119, 78, "5.5", "356470004611", "unit", "48"),
    ("FRA-002", "Beurre doux 250 g", "Frais", 299, 190, "5.5", "322887040506", "unit", "20"),
    ("FRA-003", "Yaourt nature x4", "Frais", 185, 100, "5.5", "303337609023", "unit", "24"),
    ("FRA-004", "Œufs plein air x6", "Frais", 289, 170, "5.5", "376018230064", "unit", "18"),
    ("FRA-005", "Comté 18 mois (au kg)", "Frais", 2890, 1750, "5.5", "", "weight", "4.250"),
    ("BOI-001", "Eau minérale 50 cl", "Boissons", 120, 35, "5.5", "305764100221", "unit", "96"),
    (
        "BOI-002",
        "Jus d'orange pressé 1 L",
        "Boissons",
        449,
        240,
        "5.5",
        "376030920018",
        "unit",
        "12",
    ),
    (
        "BOI-003",
        "Limonade artisanale 33 cl",
        "Boissons",
        290,
        120,
        "5.5",
        "376008850337",
        "unit",
        "36",
    ),
    ("BOI-004", "Bière blonde 33 cl", "Boissons", 320, 140, "20", "354149000516", "unit", "48"),
    (
        "BOI-005",
        "Côtes du Rhône rouge 75 cl",
        "Boissons",
        990,
        520,
        "20",
        "334981000750",
        "unit",
        "18",
    ),
    ("FRU-001", "Pommes Golden (au kg)", "Fruits & légumes", 329, 160, "5.5", "", "weight", "25"),
    (
        "FRU-002",
        "Tomates grappe (au kg)",
        "Fruits & légumes",
        449,
        230,
        "5.5",
        "",
        "weight",
        "12.5",
    ),
    ("DIV-001", "Sac cabas réutilisable", "Épicerie", 150, 60, "20", "376040010016", "unit", "50"),
    ("DIV-002", "Timbre lettre verte", "Épicerie", 139, 139, "0", "", "unit", "100"),
)


@hookimpl
def pos_register_api():
    from .api import api

    return [api]


@hookimpl
def pos_register_blueprints():
    from .views import pages

    return [pages]


@hookimpl
def pos_register_admin_menu():
    return [
        MenuItem(
            _l("Products"), "catalog_admin.products", "catalog.view", order=100, section="catalog"
        ),
        MenuItem(
            _l("Categories"),
            "catalog_admin.categories",
            "catalog.view",
            order=110,
            section="catalog",
        ),
        MenuItem(
            _l("Tax rates"), "catalog_admin.tax_rates", "catalog.view", order=120, section="catalog"
        ),
    ]


@hookimpl
def pos_seed(demo, language):
    if demo:
        seed_demo_catalog(language)
    if db.session.scalar(sa.select(TaxRate.id).limit(1)) is None:
        name, rate = DEFAULT_TAX_RATE
        db.session.add(TaxRate(name=name, rate=rate, is_default=True))
        db.session.flush()


def seed_demo_catalog(language: str | None = None) -> None:
    """The demo shop's rates, categories and products, each created only if missing
    (by percent, name and SKU), so that running it again changes nothing.

    With a ``language`` (:mod:`.demo_languages`), the same shop named in that language,
    with that country's tax rates and currency; without, the French café-épicerie."""
    from .demo_languages import DEMO_LANGUAGES
    from .gtin import with_check_digit
    from .services import create_category, create_product, create_tax_rate, find_tax_rate

    local = DEMO_LANGUAGES[language] if language else None
    for name, rate in local.rates if local else DEMO_TAX_RATES:
        if find_tax_rate(rate) is None:
            create_tax_rate(name, rate)
    categories: dict[str, int] = {}
    for position, (french, color) in enumerate(DEMO_CATEGORIES):
        name = local.categories.get(french, french) if local else french
        category_id = db.session.scalar(sa.select(Category.id).where(Category.name == name))
        if category_id is None:
            category_id = create_category({"name": name, "color": color, "position": position}).id
        categories[french] = category_id
    existing = set(db.session.scalars(sa.select(Product.sku)))
    factor = local.price_factor if local else 1
    for sku, french, category, price, cost, tax, body, sold_by, stock in DEMO_PRODUCTS:
        if sku in existing:
            continue
        data: dict[str, t.Any] = {
            "sku": sku,
            "name": local.products.get(sku, french) if local else french,
            "price": price * factor,
            "cost": cost * factor,
            "tax_rate": local.rate_for[tax] if local else Decimal(tax),
            "category_id": categories[category],
            "sold_by": sold_by,
            "barcodes": [with_check_digit(body)] if body else [],
            "stock": Decimal(stock),
        }
        create_product(data, None)
    db.session.flush()
