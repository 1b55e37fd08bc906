"""Helpers of the accounting tests: the books through the plugin's API."""

from __future__ import annotations

import typing as t


def entries(api: t.Any, **query: str) -> list[dict[str, t.Any]]:
    response = api.get("/api/v1/accounting/entries", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def entry_for(api: t.Any, kind: str, reference: str) -> dict[str, t.Any]:
    (found,) = [e for e in entries(api) if e["kind"] == kind and e["reference"] == reference]
    return found


def balances(entry: dict[str, t.Any]) -> dict[str, int]:
    """Signed amount per account (debit positive)."""
    result: dict[str, int] = {}
    for line in entry["lines"]:
        result[line["account"]] = result.get(line["account"], 0) + line["debit"] - line["credit"]
    return result


def assert_balanced(entry: dict[str, t.Any]) -> None:
    debit = sum(line["debit"] for line in entry["lines"])
    credit = sum(line["credit"] for line in entry["lines"])
    assert debit == credit, entry
    for line in entry["lines"]:
        assert (line["debit"] > 0) != (line["credit"] > 0), line
