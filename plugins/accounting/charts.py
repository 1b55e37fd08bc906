"""The default charts of accounts: the French plan comptable général (PCG) and a Dutch
chart in the common RGS numbering, chosen in the settings.

A mapping key names what is booked (``sales:rate:20``, ``payment:card``...); each chart
gives an account number and its name for the keys it knows, and a general key
(``sales``, ``tax``, ``payment``, ``line``) catches what it does not. The merchant
overrides any key in the back office (:mod:`.mapping`).
"""

from __future__ import annotations

#: Every key the back office lists, in its order. Keys with a rate, a category, a
#: payment method or a line kind are added from the shop's own (see mapping.known_keys).
GENERAL_KEYS: tuple[str, ...] = (
    "sales",
    "tax",
    "payment",
    "payment:cash",
    "payment:card",
    "payment:gift_card",
    "payment:loyalty",
    "line",
    "line:gift_card",
    "line:deposit",
    "line:tip",
    "discount",
    "rounding:gain",
    "rounding:loss",
    "cash_over",
    "cash_short",
    "transfer",
)

PCG: dict[str, tuple[str, str]] = {
    "sales": ("707000", "Ventes de marchandises"),
    "sales:rate:20": ("707100", "Ventes de marchandises TVA 20 %"),
    "sales:rate:10": ("707200", "Ventes de marchandises TVA 10 %"),
    "sales:rate:5.5": ("707300", "Ventes de marchandises TVA 5,5 %"),
    "sales:rate:2.1": ("707400", "Ventes de marchandises TVA 2,1 %"),
    "sales:rate:0": ("707900", "Ventes de marchandises exonérées"),
    "tax": ("445710", "TVA collectée"),
    "tax:rate:20": ("445711", "TVA collectée 20 %"),
    "tax:rate:10": ("445712", "TVA collectée 10 %"),
    "tax:rate:5.5": ("445713", "TVA collectée 5,5 %"),
    "tax:rate:2.1": ("445714", "TVA collectée 2,1 %"),
    "payment": ("512000", "Banque"),
    "payment:cash": ("530000", "Caisse"),
    "payment:card": ("511200", "Cartes bancaires à encaisser"),
    "payment:gift_card": ("419100", "Cartes cadeaux émises"),
    "payment:loyalty": ("419800", "Fidélité, engagements clients"),
    "line": ("708800", "Autres produits d'activités annexes"),
    "line:gift_card": ("419100", "Cartes cadeaux émises"),
    "line:deposit": ("419600", "Clients, emballages consignés"),
    # A tip is owed to the waiter, never the shop's revenue: a debt to the staff.
    "line:tip": ("428600", "Pourboires dus au personnel"),
    "discount": ("709700", "Rabais, remises et ristournes accordés"),
    "rounding:gain": ("758000", "Produits divers de gestion courante"),
    "rounding:loss": ("658000", "Charges diverses de gestion courante"),
    "cash_over": ("758000", "Produits divers de gestion courante"),
    "cash_short": ("658000", "Charges diverses de gestion courante"),
    "transfer": ("580000", "Virements internes"),
}

NL: dict[str, tuple[str, str]] = {
    "sales": ("8000", "Omzet"),
    "sales:rate:21": ("8000", "Omzet btw hoog"),
    "sales:rate:9": ("8010", "Omzet btw laag"),
    "sales:rate:0": ("8020", "Omzet btw 0 %"),
    "tax": ("1520", "Af te dragen btw overig"),
    "tax:rate:21": ("1500", "Af te dragen btw hoog"),
    "tax:rate:9": ("1510", "Af te dragen btw laag"),
    "payment": ("1100", "Bank"),
    "payment:cash": ("1000", "Kas"),
    "payment:card": ("1110", "Kruisposten pinbetalingen"),
    "payment:gift_card": ("1650", "Uitstaande cadeaubonnen"),
    "payment:loyalty": ("1660", "Verplichtingen spaarpunten"),
    "line": ("8100", "Overige opbrengsten"),
    "line:gift_card": ("1650", "Uitstaande cadeaubonnen"),
    "line:deposit": ("1670", "Ontvangen statiegeld"),
    "line:tip": ("1680", "Te betalen fooien personeel"),
    "discount": ("8900", "Verleende kortingen"),
    "rounding:gain": ("4990", "Kas- en afrondingsverschillen"),
    "rounding:loss": ("4990", "Kas- en afrondingsverschillen"),
    "cash_over": ("4990", "Kas- en afrondingsverschillen"),
    "cash_short": ("4990", "Kas- en afrondingsverschillen"),
    "transfer": ("2000", "Kruisposten"),
}

#: The charts the settings offer, by code.
CHARTS: dict[str, dict[str, tuple[str, str]]] = {"fr_pcg": PCG, "nl_rgs": NL}
