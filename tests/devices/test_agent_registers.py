"""One agent serving several registers: a shop PC driving two tills' devices.

The agent's poll hands out the jobs of all its registers, each naming its register; a
register belongs to one agent at most, so two agents are never handed the same job; a
register moved to another agent is audited and stops going to the first; scanned codes
land on the register they name. Through the real HTTP channel (``served``).
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from agent_kit import pairing_code, set_devices

from core.audit.models import AuditEntry
from core.db import db
from core.devices.models import AgentRegister, DeviceJob
from hardware.channel import ChannelError, ServerChannel, pair


@pytest.fixture
def second(admin_api) -> dict:
    response = admin_api.post("/api/v1/registers", json={"code": "R2", "name": "Second"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _agent(served, manager_api, register_id: int = 1) -> tuple[ServerChannel, dict]:
    credentials = pair(served.url, pairing_code(manager_api, register_id), "shop-pc")
    return ServerChannel(credentials["server"], credentials["token"]), credentials


def _serve(manager_api, register_id: int, agent_id: int):
    return manager_api.put(f"/api/v1/registers/{register_id}/agent", json={"agent_id": agent_id})


def _test_print(manager_api, register_id: int) -> str:
    response = manager_api.post(f"/api/v1/registers/{register_id}/test-print")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_an_agent_takes_the_jobs_of_every_register_it_serves(served, manager_api, second):
    channel, credentials = _agent(served, manager_api)
    assert [r["id"] for r in credentials["registers"]] == [1]
    response = _serve(manager_api, second["id"], credentials["agent_id"])
    assert response.status_code == 200, response.get_json()
    assert "R2" in response.get_json()["agents"][0]["registers"]
    first_job, second_job = _test_print(manager_api, 1), _test_print(manager_api, second["id"])
    handed = {job["id"]: job for job in channel.fetch(0, {})}
    assert set(handed) == {first_job, second_job}
    # Each job names its register, for the agent to run it on that register's devices.
    assert handed[second_job]["register_id"] == second["id"]
    assert handed[second_job]["register_code"] == "R2"
    assert handed[first_job]["register_id"] == 1
    channel.report(second_job, True, {"bytes": 10})
    jobs = manager_api.get(f"/api/v1/registers/{second['id']}/jobs").get_json()
    assert [job["status"] for job in jobs] == ["done"]


def test_a_register_moved_to_another_agent_stops_going_to_the_first(
    app, served, manager_api, second
):
    first, first_credentials = _agent(served, manager_api)
    assert _serve(manager_api, second["id"], first_credentials["agent_id"]).status_code == 200
    # Handed to the first agent and not answered when the register moves: it may have
    # printed, so it is failed for a person to retry, never handed to the second.
    unanswered = _test_print(manager_api, second["id"])
    assert [job["id"] for job in first.fetch(0, {})] == [unanswered]

    other, other_credentials = _agent(served, manager_api, second["id"])
    assert [r["code"] for r in other_credentials["registers"]] == ["R2"]
    assert other.fetch(0, {}) == []
    after = _test_print(manager_api, second["id"])
    assert [job["id"] for job in other.fetch(0, {})] == [after]
    assert first.fetch(0, {}) == []
    # The first agent keeps register 1 (it was not retired: it still serves one).
    mine = _test_print(manager_api, 1)
    assert [job["id"] for job in first.fetch(0, {})] == [mine]
    # Its late answer for the moved job changes nothing.
    first.report(unanswered, True, {"bytes": 1})
    with app.app_context():
        moved = db.session.get(DeviceJob, unanswered)
        assert moved.status == "failed" and "moved" in moved.result["error"]
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "devices.agent_register_moved")
        ).one()
        assert entry.target == "register:R2"
    # Nor may it answer for a job of the register it lost.
    with pytest.raises(ChannelError) as refused:
        first.report(after, True, {})
    assert refused.value.status == 404


def test_pairing_the_last_register_away_retires_the_agent(served, manager_api):
    first, _credentials = _agent(served, manager_api)
    _agent(served, manager_api)
    with pytest.raises(ChannelError) as refused:
        first.fetch(0, {})
    assert refused.value.status == 403


def test_scans_land_on_the_register_they_name(served, manager_api, cashier_api, second):
    channel, credentials = _agent(served, manager_api)
    _serve(manager_api, second["id"], credentials["agent_id"])
    channel.send_scans([{"id": "a", "code": "3017620422003"}], register_code="R2")
    channel.send_scans([{"id": "b", "code": "4006381333931"}])

    def codes(register_id: int) -> list[str]:
        scans = cashier_api.get(f"/api/v1/registers/{register_id}/scans?after=0").get_json()
        return [scan["code"] for scan in scans["scans"]]

    assert codes(second["id"]) == ["3017620422003"]
    # Unnamed: the register the agent was paired for.
    assert codes(1) == ["4006381333931"]


def test_scans_for_a_register_the_agent_does_not_serve_are_refused(
    served, manager_api, cashier_api, second
):
    channel, _credentials = _agent(served, manager_api)
    with pytest.raises(ChannelError) as refused:
        channel.send_scans([{"id": "a", "code": "3017620422003"}], register_code="R2")
    assert refused.value.status == 422
    scans = cashier_api.get(f"/api/v1/registers/{second['id']}/scans?after=0").get_json()
    assert scans["scans"] == []


def test_serving_a_register_checks_its_input_and_permission(
    served, manager_api, cashier_api, second
):
    _channel, credentials = _agent(served, manager_api)
    agent_id = credentials["agent_id"]
    assert _serve(cashier_api, second["id"], agent_id).status_code == 403
    assert _serve(manager_api, 99, agent_id).status_code == 404
    assert _serve(manager_api, second["id"], 9999).status_code == 404
    bad = manager_api.put(f"/api/v1/registers/{second['id']}/agent", json={"agent_id": "x"})
    assert bad.status_code == 422
    listed = manager_api.get("/api/v1/device-agents").get_json()
    assert [(agent["id"], agent["registers"]) for agent in listed] == [(agent_id, ["R1"])]
    assert cashier_api.get("/api/v1/device-agents").status_code == 403


def test_two_agents_are_never_handed_the_same_job(app, served, manager_api, second):
    """Register R2 moves back and forth between two polling agents while its jobs are
    queued (run on PostgreSQL too): no job is handed to both."""
    first, first_credentials = _agent(served, manager_api)
    other, other_credentials = _agent(served, manager_api, second["id"])
    set_devices(manager_api, second["id"], printer="agent")
    handed: dict[str, list[str]] = {"first": [], "other": []}
    stop = threading.Event()
    failures: list[BaseException] = []

    def poll(name: str, channel: ServerChannel) -> None:
        try:
            while not stop.is_set():
                for job in channel.fetch(0, {}):
                    handed[name].append(job["id"])
                    channel.report(job["id"], True, {})
        except BaseException as exc:  # reported in the test's thread
            failures.append(exc)

    threads = [
        threading.Thread(target=poll, args=("first", first)),
        threading.Thread(target=poll, args=("other", other)),
    ]
    for thread in threads:
        thread.start()
    try:
        for turn in range(6):
            for _ in range(3):
                _test_print(manager_api, second["id"])
            owner = first_credentials if turn % 2 == 0 else other_credentials
            assert _serve(manager_api, second["id"], owner["agent_id"]).status_code == 200
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert not set(handed["first"]) & set(handed["other"])
    with app.app_context():
        owners = db.session.scalars(
            sa.select(AgentRegister.agent_id).where(AgentRegister.register_id == second["id"])
        ).all()
        assert owners == [other_credentials["agent_id"]]


def test_each_register_shows_the_status_of_its_own_devices(served, manager_api, second):
    channel, credentials = _agent(served, manager_api)
    _serve(manager_api, second["id"], credentials["agent_id"])
    channel.fetch(
        0,
        {
            "printer": {"kind": "network", "online": True},
            "registers": {"R2": {"printer": {"kind": "usb", "online": False}}},
        },
    )
    first = manager_api.get("/api/v1/registers/1/devices").get_json()
    other = manager_api.get(f"/api/v1/registers/{second['id']}/devices").get_json()
    assert first["status"] == {"printer": {"kind": "network", "online": True}}
    assert other["status"] == {"printer": {"kind": "usb", "online": False}}
    # Both registers' tills talk to the same agent on their machine.
    assert first["agent_local_token"] == other["agent_local_token"] is not None


def test_an_agent_leaves_the_jobs_of_a_register_driven_by_the_server(served, manager_api, second):
    """A register set to print "on the server" has its jobs run by the server's own
    ``comptoir hardware run-jobs``: the agent serving it too is not handed them."""
    channel, credentials = _agent(served, manager_api)
    _serve(manager_api, second["id"], credentials["agent_id"])
    set_devices(manager_api, second["id"], printer="direct")
    _test_print(manager_api, second["id"])
    mine = _test_print(manager_api, 1)
    assert [job["id"] for job in channel.fetch(0, {})] == [mine]
