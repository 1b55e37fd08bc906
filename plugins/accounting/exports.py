"""The books written out: CSV, the French FEC, and a plain-text ledger journal that
hledger reads; plus the formats connector plugins add.

Every format gets the period's entries as :class:`.public.EntryView`, oldest first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from flask_babel import gettext as _

from core.plugins import Invalid, call_hook, current_store, get_settings, money_text

from .models import Entry
from .public import EntryLineView, EntryView, ExportFormat
from .services import entries_between

FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)

JOURNAL_NAMES = {"VT": "Journal des ventes", "CA": "Journal de caisse"}


def entry_view(entry: Entry) -> EntryView:
    return EntryView(
        id=entry.id,
        kind=entry.kind,
        reference=entry.reference,
        journal=entry.journal,
        piece=entry.piece,
        label=entry.label,
        register_id=entry.register_id,
        day=entry.day,
        occurred_at=entry.occurred_at,
        lines=tuple(
            EntryLineView(line.account, line.account_label, line.label, line.debit, line.credit)
            for line in entry.lines
        ),
    )


def _clean(text: str, forbidden: str) -> str:
    """One line of text without the separator: an export's cells never break a row."""
    return re.sub(r"\s+", " ", re.sub(f"[{re.escape(forbidden)}]", " ", text)).strip()


def render_csv(entries: list[EntryView], start: dt.date, end: dt.date, currency: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "date",
            "entry",
            "journal",
            "kind",
            "piece",
            "account",
            "account_label",
            "label",
            "debit",
            "credit",
            "currency",
        ]
    )
    for entry in entries:
        for line in entry.lines:
            writer.writerow(
                [
                    entry.day.isoformat(),
                    entry.id,
                    entry.journal,
                    entry.kind,
                    entry.piece,
                    line.account,
                    line.account_label,
                    line.label,
                    money_text(line.debit, currency),
                    money_text(line.credit, currency),
                    currency,
                ]
            )
    return out.getvalue()


def _fec_amount(amount: int, currency: str) -> str:
    return money_text(amount, currency).replace(".", ",")


def render_fec(
    entries: list[EntryView], start: dt.date, end: dt.date, currency: str, separator: str = "|"
) -> str:
    """The fichier des écritures comptables (article A47 A-1 of the Livre des procédures
    fiscales): its 18 columns in order, dates ``YYYYMMDD``, amounts with a decimal comma,
    entries numbered 1, 2, 3... in date order, each balanced.

    Numbers are given here rather than stored, so that concurrent tills never queue on
    one counter: the file numbers its entries in the order they were written."""
    rows = [separator.join(FEC_COLUMNS)]
    for number, entry in enumerate(entries, start=1):
        day = entry.day.strftime("%Y%m%d")
        for line in entry.lines:
            cells = [
                entry.journal,
                JOURNAL_NAMES.get(entry.journal, entry.journal),
                str(number),
                day,
                line.account,
                line.account_label,
                "",
                "",
                entry.piece,
                day,
                line.label,
                _fec_amount(line.debit, currency),
                _fec_amount(line.credit, currency),
                "",
                "",
                day,
                "",
                "",
            ]
            rows.append(separator.join(_clean(cell, separator + "\r\n") for cell in cells))
    return "\r\n".join(rows) + "\r\n"


def fec_filename(siren: str, end: dt.date) -> str:
    """``<SIREN>FEC<closing date>.txt``, the name the administration expects."""
    return f"{siren}FEC{end.strftime('%Y%m%d')}.txt"


def _ledger_account(line: EntryLineView) -> str:
    # hledger ends an account name at two spaces or a tab, and reads ';' as a comment.
    return _clean(f"{line.account} {line.account_label}", ";\t")


def render_ledger(entries: list[EntryView], start: dt.date, end: dt.date, currency: str) -> str:
    """A journal in the plain-text ledger format (hledger, ledger, beancount's importers):
    accounts and the commodity declared, one transaction per entry, each balanced, so
    ``hledger check accounts commodities`` passes."""
    accounts = sorted({_ledger_account(line) for entry in entries for line in entry.lines})
    out = [f"; Comptoir, {start.isoformat()} - {end.isoformat()}", ""]
    out.append(f"commodity {money_text(100000, currency)} {currency}")
    out += [f"account {name}" for name in accounts]
    for entry in entries:
        out += [
            "",
            f"{entry.day.isoformat()} * ({_clean(entry.piece, ';()')}) {_clean(entry.label, ';|')}",
            f"    ; {entry.kind}: {entry.reference}",
        ]
        for line in entry.lines:
            amount = money_text(line.debit - line.credit, currency)
            out.append(f"    {_ledger_account(line)}    {amount} {currency}")
    return "\n".join(out) + "\n"


def formats() -> dict[str, ExportFormat]:
    """The built-in formats, then the connectors' (a code taken first is kept)."""
    found = {
        "csv": ExportFormat("csv", "CSV", "text/csv", "accounting-{start}-{end}.csv", render_csv),
        "fec": ExportFormat("fec", "FEC", "text/plain", "{siren}FEC{end}.txt", render_fec),
        "ledger": ExportFormat(
            "ledger",
            "Ledger / hledger",
            "text/plain",
            "accounting-{start}-{end}.journal",
            render_ledger,
        ),
    }
    for batch in call_hook("accounting_register_exports"):
        for export in batch or ():
            found.setdefault(export.code, export)
    return found


def export_file(
    code: str, start: dt.date, end: dt.date, separator: str = "pipe"
) -> tuple[str, str, str]:
    """The export's text, file name and media type (for the API and the page)."""
    known = formats()
    export_format = known.get(code)
    if export_format is None:
        raise Invalid(
            _("unknown format %(format)s", format=code),
            code="unknown_format",
            fields={"format": [_("one of: %(formats)s", formats=", ".join(sorted(known)))]},
        )
    siren = get_settings("accounting")["siren"]
    if code == "fec" and not siren:
        raise Invalid(
            _("set the company's SIREN in the accounting settings first"),
            code="siren_missing",
            field="format",
        )
    entries = [entry_view(entry) for entry in entries_between(start, end)]
    currency = current_store().currency
    if code == "fec":
        text = render_fec(entries, start, end, currency, "\t" if separator == "tab" else "|")
    else:
        text = export_format.render(entries, start, end, currency)
    name = export_format.filename.format(
        start=start.strftime("%Y%m%d"), end=end.strftime("%Y%m%d"), siren=siren
    )
    return text, name, export_format.media_type
