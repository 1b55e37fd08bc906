"""Issue 18, item 3: signed closings with grand totals, signed archives an auditor checks
with the public key alone."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from core.db import db


@pytest.fixture
def keys(cli_runner) -> None:
    result = cli_runner("journal", "keygen")
    assert result.exit_code == 0, result.output


@pytest.fixture
def today() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")


@pytest.fixture
def tomorrow(monkeypatch):
    """Time moved on one day, for the closings: today is over."""
    import core.journal.closings as closings

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    monkeypatch.setattr(closings, "utcnow", lambda: later)


def _close(app, kind: str, period: str):
    from core.journal.closings import close_period

    with app.app_context():
        closing = close_period(kind, period, "manager")
        db.session.commit()
        return closing.payload


def test_a_day_closes_with_its_totals_and_grand_totals(app, day, keys, tomorrow, today, verified):
    """Today's sale and refund are totalled; the grand totals count everything so far; the
    closing vouches for R1's head; the journal with its closing verifies."""
    payload = _close(app, "day", today)
    sale, refund = day["sale"], day["refund"]
    totals = {
        "sales_count": 1,
        "sales_total": sale["total"],
        "refunds_count": 1,
        "refunds_total": refund["total"],
        "net_total": sale["total"] - refund["total"],
        "tax_total": sale["tax_total"] - refund["tax_total"],
    }
    assert payload["totals"] == totals
    assert payload["grand_totals"] == totals
    assert payload["heads"]["R1"]["sequence"] == day["entries"]
    result = verified()
    assert result.ok, result.problems
    assert result.closings == 1


def test_month_and_year_chain_after_the_day(app, day, keys, tomorrow, today, verified):
    """Closings of all kinds form one chain; the grand totals are perpetual."""
    from core.journal.closings import list_closings

    day_payload = _close(app, "day", today)
    with pytest.MonkeyPatch.context() as patch:
        import core.journal.closings as closings

        patch.setattr(closings, "utcnow", lambda: dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
        month = _close(app, "month", today[:7])
        year = _close(app, "year", today[:4])
    assert month["grand_totals"] == year["grand_totals"] == day_payload["grand_totals"]
    with app.app_context():
        chain = [(c.sequence, c.kind) for c in list_closings()]
        links = [(c.previous_hash, c.hash) for c in list_closings()]
    assert chain == [(1, "day"), (2, "month"), (3, "year")]
    assert links[1][0] == links[0][1] and links[2][0] == links[1][1]
    assert verified().ok


def test_a_period_not_over_or_closed_twice_is_refused(app, day, keys, today, manager_api):
    """Today cannot be closed before it ends; a period closes once."""
    response = manager_api.post("/api/v1/journal/closings", json={"kind": "day", "period": today})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "period_open"
    response = manager_api.post(
        "/api/v1/journal/closings", json={"kind": "day", "period": "2020-02-30"}
    )
    assert response.status_code == 422
    assert (
        manager_api.post(
            "/api/v1/journal/closings", json={"kind": "month", "period": "2020-01"}
        ).status_code
        == 201
    )
    again = manager_api.post(
        "/api/v1/journal/closings", json={"kind": "month", "period": "2020-01"}
    )
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_closed"


def test_closings_over_the_api(app, day, keys, manager_api, cashier_api):
    """Managers close periods and everyone with ``journal.view`` lists them; a cashier
    cannot close."""
    body = {"kind": "year", "period": "2020"}
    assert cashier_api.post("/api/v1/journal/closings", json=body).status_code == 403
    response = manager_api.post("/api/v1/journal/closings", json=body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["payload"]["closed_by"] == "manager"
    assert len(created["signature"]) == 128
    listed = manager_api.get("/api/v1/journal/closings?kind=year").get_json()
    assert [c["period"] for c in listed] == ["2020"]


def test_closing_without_a_signing_key_is_a_clear_error(app, day, manager_api, cli_runner):
    """No key, no closing: 409 ``journal_key_missing``, and the CLI says how to make one."""
    response = manager_api.post("/api/v1/journal/closings", json={"kind": "year", "period": "2020"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "journal_key_missing"
    result = cli_runner("journal", "close", "year", "2020")
    assert result.exit_code == 1
    assert "comptoir journal keygen" in result.stderr


def test_keygen_never_replaces_a_key(app, keys, cli_runner):
    from core.journal.keys import SIGNING_KEY_FILE

    path = Path(app.instance_path) / SIGNING_KEY_FILE
    before = path.read_bytes()
    result = cli_runner("journal", "keygen")
    assert result.exit_code == 0
    assert "nothing changed" in result.stdout
    assert path.read_bytes() == before
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def _tamper_closing(app, change) -> None:
    from core.journal.models import JournalClosing

    with app.app_context():
        closing = db.session.scalars(sa.select(JournalClosing)).first()
        change(closing)
        flag_modified(closing, "payload")
        db.session.commit()


def test_a_changed_closing_is_caught(app, day, keys, tomorrow, today, verified):
    _close(app, "day", today)

    def change(closing):
        closing.payload = {
            **closing.payload,
            "totals": {**closing.payload["totals"], "net_total": 1},
        }

    _tamper_closing(app, change)
    assert [p.code for p in verified().problems] == ["closing_changed"]


def test_a_rehashed_closing_without_the_key_is_caught(app, day, keys, tomorrow, today, verified):
    """Recomputing the hash is not enough: the signature needs the private key."""
    from core.journal.closings import closing_hash

    _close(app, "day", today)

    def change(closing):
        closing.payload = {**closing.payload, "closed_by": "someone else"}
        closing.hash = closing_hash(
            closing.sequence, closing.kind, closing.period, closing.previous_hash, closing.payload
        )

    _tamper_closing(app, change)
    assert [p.code for p in verified().problems] == ["closing_bad_signature"]


def test_records_changed_in_a_closed_period_are_caught(app, day, keys, tomorrow, today, verified):
    from core.sales.models import Sale

    _close(app, "day", today)
    with app.app_context():
        db.session.get(Sale, day["sale"]["id"]).total += 100
        db.session.commit()
    assert "closing_totals" in [p.code for p in verified().problems]


def test_a_deleted_last_closing_is_caught_by_the_anchor_log(
    app, day, keys, tomorrow, today, verified
):
    from core.journal.models import JournalClosing

    _close(app, "day", today)
    with app.app_context():
        db.session.execute(sa.delete(JournalClosing))
        db.session.commit()
    assert [(p.register_code, p.code) for p in verified().problems] == [("closings", "anchor_cut")]


def test_verify_with_closings_needs_the_public_key(app, day, keys, tomorrow, today, cli_runner):
    from core.journal.keys import PUBLIC_KEY_FILE

    _close(app, "day", today)
    (Path(app.instance_path) / PUBLIC_KEY_FILE).unlink()
    result = cli_runner("journal", "verify")
    assert result.exit_code == 1
    assert "no public key" in result.stderr
    assert not (Path(app.instance_path) / PUBLIC_KEY_FILE).exists()


# -- archives ------------------------------------------------------------------------------


@pytest.fixture
def archive(app, day, keys, tomorrow, today, cli_runner, tmp_path) -> Path:
    _close(app, "day", today)
    out = tmp_path / "journal.zip"
    result = cli_runner("journal", "export", "--from", today, "--to", today, str(out))
    assert result.exit_code == 0, result.output
    assert f"{day['entries']} entries, signed" in result.stdout
    return out


@pytest.fixture
def public_key(app, tmp_path) -> Path:
    """The public key as the auditor received it, apart from the instance."""
    from core.journal.keys import PUBLIC_KEY_FILE

    copy = tmp_path / "shop.pub"
    copy.write_bytes((Path(app.instance_path) / PUBLIC_KEY_FILE).read_bytes())
    return copy


def test_an_archive_verifies_with_the_public_key_alone(archive, public_key, day, monkeypatch):
    """``verify-archive`` needs neither the database nor the instance folder."""
    from click.testing import CliRunner

    from core.cli import main

    monkeypatch.setenv("COMPTOIR_INSTANCE", str(public_key.parent / "no-instance"))
    monkeypatch.setenv("COMPTOIR_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = CliRunner().invoke(
        main, ["journal", "verify-archive", str(archive), "--public-key", str(public_key)]
    )
    assert result.exit_code == 0, result.output
    assert f"archive intact: {day['entries']} entries, 1 signed closing(s)" in result.stdout
    assert not (public_key.parent / "no-instance").exists()
    names = set(zipfile.ZipFile(archive).namelist())
    assert names == {
        "entries.jsonl",
        "closings.jsonl",
        "public_key.pem",
        "manifest.json",
        "manifest.sig",
    }


def _rewrite(archive: Path, name: str, change) -> None:
    with zipfile.ZipFile(archive) as source:
        contents = {n: source.read(n) for n in source.namelist()}
    contents[name] = change(contents[name])
    with zipfile.ZipFile(archive, "w") as target:
        for n, data in contents.items():
            target.writestr(n, data)


def _change_first_entry(data: bytes) -> bytes:
    lines = data.splitlines()
    first = json.loads(lines[0])
    first["payload"]["opening_float"] = 1
    lines[0] = json.dumps(first).encode()
    return b"\n".join(lines) + b"\n"


def test_a_tampered_archive_fails(archive, public_key, cli_runner):
    """An entry changed in the archive no longer matches the signed manifest."""
    _rewrite(archive, "entries.jsonl", _change_first_entry)
    result = cli_runner("journal", "verify-archive", str(archive), "--public-key", str(public_key))
    assert result.exit_code == 1
    assert "entries.jsonl changed since the archive was signed" in result.stderr


def test_a_tampered_archive_with_a_recomputed_manifest_fails(archive, public_key, cli_runner):
    """Recomputing the manifest's hashes breaks its signature."""
    import hashlib

    _rewrite(archive, "entries.jsonl", _change_first_entry)
    with zipfile.ZipFile(archive) as source:
        entries = source.read("entries.jsonl")

    def manifest(data: bytes) -> bytes:
        parsed = json.loads(data)
        parsed["files"]["entries.jsonl"] = hashlib.sha256(entries).hexdigest()
        return json.dumps(parsed, sort_keys=True, indent=1).encode()

    _rewrite(archive, "manifest.json", manifest)
    result = cli_runner("journal", "verify-archive", str(archive), "--public-key", str(public_key))
    assert result.exit_code == 1
    assert "not signed by this public key" in result.stderr


def test_an_archive_checked_with_another_key_fails(archive, tmp_path, cli_runner):
    """Signed by the shop's key, not by one the archive might carry."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from core.journal.keys import public_pem

    other = tmp_path / "other.pub"
    other.write_bytes(public_pem(Ed25519PrivateKey.generate().public_key()))
    result = cli_runner("journal", "verify-archive", str(archive), "--public-key", str(other))
    assert result.exit_code == 1
    assert "not signed by this public key" in result.stderr
