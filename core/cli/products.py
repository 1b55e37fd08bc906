"""``comptoir products import`` and ``comptoir products export``: the catalog as CSV
(columns and rules in :mod:`core.catalog.csvio`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .base import app_command, require_initialised
from .language import gettext as _


@click.group("products")
def products_group() -> None:
    """Import and export the catalog as CSV."""


@products_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@app_command
def import_command(app, file: Path) -> None:
    """Create or update products from FILE.csv, matched by SKU.

    Columns: sku,name,price,cost,tax_rate,category,barcodes,sold_by,active,stock (prices as
    decimals such as 12.50 or "12,50", barcodes separated by '|'). Every row is checked
    first: if one is wrong, nothing is imported.
    """
    from ..catalog.csvio import CsvError, import_products, read_products, read_text
    from ..db import db

    require_initialised(app)
    stream = read_text(file.read_bytes())
    total = max(stream.getvalue().count("\n") - 1, 0)
    try:
        with _bar(total, _("Checking")) as bar:
            rows = read_products(stream, bar.update)
        with _bar(len(rows), _("Importing")) as bar:
            result = import_products(rows, None, bar.update)
    except CsvError as exc:
        db.session.rollback()
        raise click.ClickException(f"{file.name}: {exc}") from None
    db.session.commit()
    click.echo(
        _(
            "Imported %(count)s products: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged",
            count=len(rows),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )


@products_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@app_command
def export_command(app, file: Path) -> None:
    """Write every product (active or not) to FILE.csv, in the import's columns."""
    import sqlalchemy as sa

    from ..catalog.csvio import export_products
    from ..catalog.models import Product
    from ..db import db

    require_initialised(app)
    total = db.session.scalar(sa.select(sa.func.count(Product.id))) or 0
    partial = file.with_name(file.name + ".part")
    with partial.open("w", encoding="utf-8", newline="") as stream:
        with _bar(total, _("Exporting")) as bar:
            count = export_products(stream, bar.update)
    partial.replace(file)  # a reader never sees half a file
    click.echo(_("Exported %(count)s products to %(file)s", count=count, file=file))


def _bar(length: int, label: str):
    return click.progressbar(length=length, label=label, file=sys.stderr, width=30)
