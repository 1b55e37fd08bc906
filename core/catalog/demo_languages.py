"""The demo shop in each of Comptoir's languages: its products' and categories' names,
its tax rates and its currency, so that ``comptoir demo --language nl`` opens a Dutch shop
and not a French one with Dutch buttons.

The demo's own data (``hooks.DEMO_PRODUCTS``) is written in French; the other languages
name the same products, keyed by SKU, and sell each at the country's VAT rate nearest to
the French one, unless the country's law puts it elsewhere (``exceptions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

LANGUAGES = ("en", "fr", "nl", "ru")
#: The VAT rates of the French demo products (the ``tax`` of ``hooks.DEMO_PRODUCTS``).
DEMO_RATES = ("20", "10", "5.5", "0")


@dataclass(frozen=True)
class DemoLanguage:
    """How the demo reads in one language.

    :param rates: the country's tax rates, name and percent, as the shop creates them.
    :param exceptions: French demo rate -> this country's percent, where it is not the
        nearest of ``rates``.
    :param price_factor: prices in this currency's minor units per euro cent.
    """

    shop_name: str
    currency: str
    rates: tuple[tuple[str, Decimal], ...]
    exceptions: dict[str, Decimal] = field(default_factory=dict)
    price_factor: int = 1
    products: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    @property
    def rate_for(self) -> dict[str, Decimal]:
        """The French demo rate (``"5.5"``) -> this country's percent: its nearest rate
        (the higher of two as near), or its exception."""
        percents = [percent for _name, percent in self.rates]

        def nearest(french: Decimal) -> Decimal:
            return min(percents, key=lambda percent: (abs(percent - french), -percent))

        return {
            french: self.exceptions.get(french, nearest(Decimal(french))) for french in DEMO_RATES
        }


# SKU: English, Dutch, Russian.
_PRODUCTS = {
    "CAF-001": ("Espresso", "Espresso", "Эспрессо"),
    "CAF-002": ("White coffee", "Koffie verkeerd", "Кофе со сливками"),
    "CAF-003": ("Cappuccino", "Cappuccino", "Капучино"),
    "CAF-004": ("Hot chocolate", "Warme chocolademelk", "Горячий шоколад"),
    "CAF-005": ("Mint green tea", "Groene muntthee", "Зелёный чай с мятой"),
    "BOU-001": ("Butter croissant", "Roomboter croissant", "Круассан на сливочном масле"),
    "BOU-002": ("Pain au chocolat", "Chocoladebroodje", "Булочка с шоколадом"),
    "BOU-003": ("Traditional baguette", "Stokbrood", "Багет традиционный"),
    "BOU-004": ("Country bread (per kg)", "Boerenbrood (per kg)", "Деревенский хлеб (за кг)"),
    "BOU-005": ("Cannelé", "Cannelé", "Канеле"),
    "EPI-001": ("Hazelnut spread 400 g", "Hazelnootpasta 400 g", "Ореховая паста 400 г"),
    "EPI-002": ("Penne rigate 500 g", "Penne rigate 500 g", "Макароны пенне 500 г"),
    "EPI-003": ("Basmati rice 1 kg", "Basmatirijst 1 kg", "Рис басмати 1 кг"),
    "EPI-004": (
        "Extra virgin olive oil 75 cl",
        "Extra vierge olijfolie 75 cl",
        "Оливковое масло Extra Virgin 0,75 л",
    ),
    "EPI-005": ("Strawberry jam 370 g", "Aardbeienjam 370 g", "Клубничное варенье 370 г"),
    "EPI-006": ("Lavender honey 250 g", "Lavendelhoning 250 g", "Лавандовый мёд 250 г"),
    "EPI-007": ("Guérande sea salt 250 g", "Zeezout uit Guérande 250 g", "Соль Геранд 250 г"),
    "EPI-008": (
        "Ground arabica coffee 250 g",
        "Gemalen arabica koffie 250 g",
        "Молотый кофе арабика 250 г",
    ),
    "EPI-009": (
        "Earl Grey tea, 20 bags",
        "Earl Grey thee, 20 zakjes",
        "Чай Эрл Грей, 20 пакетиков",
    ),
    "EPI-010": (
        "Dark chocolate 70 % 100 g",
        "Pure chocolade 70 % 100 g",
        "Тёмный шоколад 70 % 100 г",
    ),
    "EPI-011": (
        "Butter shortbread 125 g",
        "Roomboterkoekjes 125 g",
        "Песочное печенье на масле 125 г",
    ),
    "FRA-001": ("Semi-skimmed milk 1 L", "Halfvolle melk 1 L", "Молоко 2,5 % 1 л"),
    "FRA-002": ("Unsalted butter 250 g", "Ongezouten roomboter 250 g", "Сливочное масло 250 г"),
    "FRA-003": ("Plain yoghurt x4", "Volle yoghurt x4", "Йогурт натуральный x4"),
    "FRA-004": ("Free-range eggs x6", "Scharreleieren x6", "Яйца куриные x6"),
    "FRA-005": (
        "Comté cheese, 18 months (per kg)",
        "Comté 18 maanden (per kg)",
        "Сыр Конте 18 месяцев (за кг)",
    ),
    "BOI-001": ("Mineral water 50 cl", "Mineraalwater 50 cl", "Минеральная вода 0,5 л"),
    "BOI-002": (
        "Fresh orange juice 1 L",
        "Versgeperst sinaasappelsap 1 L",
        "Апельсиновый сок свежевыжатый 1 л",
    ),
    "BOI-003": ("Craft lemonade 33 cl", "Ambachtelijke limonade 33 cl", "Лимонад 0,33 л"),
    "BOI-004": ("Lager 33 cl", "Pilsener 33 cl", "Пиво светлое 0,33 л"),
    "BOI-005": (
        "Côtes du Rhône red 75 cl",
        "Côtes du Rhône rood 75 cl",
        "Вино Кот-дю-Рон красное 0,75 л",
    ),
    "FRU-001": ("Golden apples (per kg)", "Golden appels (per kg)", "Яблоки Голден (за кг)"),
    "FRU-002": ("Vine tomatoes (per kg)", "Trostomaten (per kg)", "Томаты на ветке (за кг)"),
    "DIV-001": ("Reusable shopping bag", "Herbruikbare boodschappentas", "Многоразовая сумка"),
    "DIV-002": ("Stamp, second class", "Postzegel", "Почтовая марка"),
}

# French category name: English, Dutch, Russian.
_CATEGORIES = {
    "Café": ("Coffee bar", "Koffiebar", "Кофе"),
    "Boulangerie": ("Bakery", "Bakkerij", "Выпечка"),
    "Épicerie": ("Grocery", "Kruidenier", "Бакалея"),
    "Frais": ("Dairy", "Zuivel", "Молочное"),
    "Boissons": ("Drinks", "Dranken", "Напитки"),
    "Fruits & légumes": ("Fruit & veg", "Groente & fruit", "Овощи и фрукты"),
}


def _names(table: dict[str, tuple[str, str, str]], index: int) -> dict[str, str]:
    return {key: names[index] for key, names in table.items()}


DEMO_LANGUAGES: dict[str, DemoLanguage] = {
    # The demo as it has always been: a French café-épicerie.
    "fr": DemoLanguage(
        shop_name="Café du Coin",
        currency="EUR",
        rates=(
            ("TVA 20 %", Decimal("20")),
            ("TVA 10 %", Decimal("10")),
            ("TVA 5,5 %", Decimal("5.5")),
            ("Exonéré", Decimal("0")),
        ),
    ),
    "en": DemoLanguage(
        shop_name="The Corner Shop",
        currency="GBP",
        rates=(("Standard", Decimal("20")), ("Reduced", Decimal("5")), ("Zero", Decimal("0"))),
        # UK VAT: hot drinks and alcohol at the standard rate, most food zero-rated.
        exceptions={"10": Decimal("20"), "5.5": Decimal("0")},
        products=_names(_PRODUCTS, 0),
        categories=_names(_CATEGORIES, 0),
    ),
    "nl": DemoLanguage(
        shop_name="Het Hoekje",
        currency="EUR",
        rates=(("BTW hoog", Decimal("21")), ("BTW laag", Decimal("9")), ("BTW vrij", Decimal("0"))),
        products=_names(_PRODUCTS, 1),
        categories=_names(_CATEGORIES, 1),
    ),
    "ru": DemoLanguage(
        shop_name="Уголок",
        currency="RUB",
        rates=(("НДС 20 %", Decimal("20")), ("НДС 10 %", Decimal("10")), ("Без НДС", Decimal("0"))),
        # A euro is taken as 100 roubles: a croissant at 1.20 EUR sells at 120 ₽.
        price_factor=100,
        products=_names(_PRODUCTS, 2),
        categories=_names(_CATEGORIES, 2),
    ),
}
