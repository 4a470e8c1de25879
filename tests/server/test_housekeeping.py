"""Housekeeping on the live server, SQLite and PostgreSQL: abandoned uploads expire from their
last chunk, claimed materials are never collected, material bytes go ``keep_for`` after the
last application using them was decided, and the CLI and the server's timer run both."""

from __future__ import annotations

import json
import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk.protocol import MaterialRef, SubmitRequest, sha256_hex
from server import cli, housekeeping, retention, upload_gc
from server.database import utc_now
from server.schema import applications, materials
from tests.server.support import DeviceClient, error_code, submission

WEEK = timedelta(days=7)


@pytest.fixture
def device(device: DeviceClient, clock) -> DeviceClient:
    """The enrolled device, signing with the server's (movable) clock, so a test can make
    things happen days ago."""
    signed = device.request

    def request(*args, **kwargs):
        kwargs.setdefault("timestamp", int(clock().timestamp()))
        return signed(*args, **kwargs)

    device.request = request  # type: ignore[method-assign]
    return device


def _photo(seed: int, size: int = 150_000) -> bytes:
    return os.urandom(8) + seed.to_bytes(4, "big") + os.urandom(size - 12)


def _patch(device: DeviceClient, data: bytes, offset: int, length: int):
    return device.request(
        "PATCH",
        f"/v1/materials/{sha256_hex(data)}?offset={offset}&size={len(data)}",
        body=data[offset : offset + length],
        headers={"Content-Type": "application/octet-stream"},
    )


def _held(server, sha: str) -> tuple[int, int] | None:
    """(received, bytes in its file) of a material, or None when the server has neither a
    row nor a file for it."""
    with server.engine.connect() as connection:
        row = connection.execute(
            select(materials.c.received).where(materials.c.sha256 == sha)
        ).first()
    files = server.files
    on_disk = files.partial_size(sha)
    if (size := files.complete_size(sha)) is not None:
        on_disk = size
    if row is None:
        assert on_disk == 0, "a file without its row"
        return None
    return row.received, on_disk


def _accept(device: DeviceClient, photos: list[bytes]) -> str:
    refs = [device.upload(photo) for photo in photos]
    answer = device.submit(submission(device_code=device.device_code, materials=refs))
    assert answer.status_code == 201, answer.text
    return answer.json()["server_id"]


# -- the upload GC ---------------------------------------------------------------------------


def test_an_abandoned_upload_expires_a_week_after_its_last_chunk(server, device, clock):
    stale, slow = _photo(1), _photo(2)
    clock.offset = -timedelta(days=20)
    assert _patch(device, stale, 0, 40_000).status_code == 200
    assert _patch(device, slow, 0, 40_000).status_code == 200
    clock.offset = -timedelta(days=2)  # the slow link sent one more chunk two days ago
    assert _patch(device, slow, 40_000, 40_000).status_code == 200
    clock.offset = timedelta(0)

    report = upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK)

    assert (report.abandoned, report.unclaimed, report.bytes_freed) == (1, 0, 40_000)
    assert _held(server, sha256_hex(stale)) is None
    assert _held(server, sha256_hex(slow)) == (80_000, 80_000)
    # The kiosk that comes back for the collected one is told to start again from 0.
    answer = _patch(device, stale, 40_000, 40_000)
    assert (error_code(answer), answer.json()["details"]["received"]) == ("offset_mismatch", 0)
    assert device.upload(stale).sha256 == sha256_hex(stale)


def test_a_material_an_application_uses_is_never_collected(server, device, clock):
    used, unclaimed = _photo(3), _photo(4)
    clock.offset = -timedelta(days=30)
    _accept(device, [used])
    device.upload(unclaimed)  # complete, but its application never came
    clock.offset = timedelta(0)

    report = upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK)

    assert (report.abandoned, report.unclaimed) == (0, 1)
    assert _held(server, sha256_hex(used)) == (len(used), len(used))
    assert _held(server, sha256_hex(unclaimed)) is None
    assert upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK) == (
        upload_gc.UploadGcReport()
    )


def test_an_upload_inside_its_window_is_kept(server, device):
    data = _photo(5)
    assert _patch(device, data, 0, 50_000).status_code == 200
    report = upload_gc.collect(
        server.engine, server.files, now=utc_now() + WEEK - timedelta(minutes=1)
    )
    assert report.abandoned == 0
    assert _held(server, sha256_hex(data)) == (50_000, 50_000)


def test_a_partial_file_no_row_counts_goes_after_the_same_expiry(server):
    old, fresh = "c" * 64, "d" * 64
    for sha in (old, fresh):
        server.files.write_at(sha, 0, b"x" * 1000)
    ten_days_ago = (utc_now() - timedelta(days=10)).timestamp()
    os.utime(server.files.partial_path(old), (ten_days_ago, ten_days_ago))

    report = upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK)

    assert (report.stray, report.bytes_freed) == (1, 1000)
    assert server.files.partial_size(old) == 0
    assert server.files.partial_size(fresh) == 1000
    server.files.discard_partial(fresh)


def test_a_complete_file_whose_row_a_crash_took_is_adopted_then_collected(server, device, clock):
    """A whole photo's file is synced before its row commits without waiting for the disk;
    a crash can take the row. The file is still held (intake accepts it), so the GC gives
    it a row dated now, and collects it, unclaimed, only after another full expiry."""
    data = _photo(7)
    clock.offset = -timedelta(days=20)
    device.upload(data)
    clock.offset = timedelta(0)
    sha = sha256_hex(data)
    with server.engine.begin() as connection:  # what the lost commit leaves
        connection.execute(materials.delete().where(materials.c.sha256 == sha))
    twenty_days_ago = (utc_now() - timedelta(days=20)).timestamp()
    os.utime(server.files.complete_path(sha), (twenty_days_ago, twenty_days_ago))
    young = _photo(8)
    device.upload(young)
    with server.engine.begin() as connection:  # a row-less file inside its window: left alone
        connection.execute(materials.delete().where(materials.c.sha256 == sha256_hex(young)))

    first = upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK)

    assert (first.adopted, first.unclaimed, first.bytes_freed) == (1, 0, 0)
    assert _held(server, sha) == (len(data), len(data))
    later = upload_gc.collect(server.engine, server.files, now=utc_now() + WEEK * 2, expiry=WEEK)
    assert later.unclaimed >= 1
    assert _held(server, sha) is None
    assert server.files.complete_size(sha256_hex(young)) is not None
    server.files.discard_complete(sha256_hex(young))


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite serialises writers instead
def test_a_material_being_claimed_right_now_is_skipped(server, device, clock):
    """The GC skips a row an accepting transaction has share-locked (what
    ``intake._check_materials`` does) instead of removing it under its feet."""
    data = _photo(6)
    clock.offset = -timedelta(days=30)
    device.upload(data)
    clock.offset = timedelta(0)
    sha = sha256_hex(data)
    with server.engine.connect() as intake:
        intake.execute(
            select(materials.c.sha256).where(materials.c.sha256 == sha).with_for_update(read=True)
        )
        report = upload_gc.collect(server.engine, server.files, now=utc_now(), expiry=WEEK)
        intake.rollback()
    assert report.unclaimed == 0
    assert _held(server, sha) == (len(data), len(data))


# -- retention -------------------------------------------------------------------------------


def test_material_bytes_go_a_month_after_the_decision(server, device, admin, clock):
    old_only, shared, recent_only = _photo(7), _photo(8), _photo(9)
    clock.offset = -timedelta(days=40)
    approved_long_ago = _accept(device, [old_only, shared])
    assert admin.advance(approved_long_ago, "in_review").ok
    assert admin.advance(approved_long_ago, "approved", result_text="准予").ok
    in_review = _accept(device, [shared])  # 材料复用: the same file, a case still open
    assert admin.advance(in_review, "in_review").ok
    clock.offset = -timedelta(days=10)
    rejected_recently = _accept(device, [recent_only])
    assert admin.advance(rejected_recently, "in_review").ok
    assert admin.advance(rejected_recently, "rejected", result_text="不符合条件").ok
    clock.offset = timedelta(0)

    report = retention.purge(
        server.engine, server.files, now=utc_now(), keep_for=timedelta(days=30)
    )

    assert (report.materials, report.bytes_freed) == (1, len(old_only))
    assert _held(server, sha256_hex(old_only)) is None
    assert _held(server, sha256_hex(shared)) is not None, "an open case still uses it"
    assert _held(server, sha256_hex(recent_only)) is not None, "decided only 10 days ago"
    # The back office is told the file was removed by retention, not that it never came.
    answer = admin.request("GET", f"/v1/admin/materials/{sha256_hex(old_only)}")
    assert (answer.status_code, error_code(answer)) == (410, "material_purged")
    assert "保存期限" in answer.json()["message"]
    never = admin.request("GET", f"/v1/admin/materials/{'e' * 64}")
    assert error_code(never) == "not_found"
    # An application naming it again is told to send it again, and that retention took it.
    again = device.submit(
        submission(
            device_code=device.device_code,
            materials=[MaterialRef(sha256=sha256_hex(old_only), size=len(old_only))],
        )
    )
    assert error_code(again) == "materials_missing"
    assert again.json()["details"] == {
        "missing": [sha256_hex(old_only)],
        "purged": [sha256_hex(old_only)],
    }
    # The record of the decision stays; only the bytes went. `shared` keeps the old
    # application from being marked purged until it goes too.
    detail = admin.request("GET", f"/v1/admin/applications/{approved_long_ago}").json()
    assert detail["state"] == "approved" and len(detail["materials"]) == 2
    assert report.applications == 0

    assert admin.advance(in_review, "approved", result_text="准予").ok
    later = utc_now() + timedelta(days=31)
    report = retention.purge(server.engine, server.files, now=later, keep_for=timedelta(days=30))
    assert report.materials == 2  # `shared` and `recent_only`
    assert report.applications == 3
    with server.engine.connect() as connection:
        marked = connection.execute(
            select(func.count()).where(applications.c.materials_purged_at.is_not(None))
        ).scalar_one()
        left = connection.execute(select(func.count()).select_from(materials)).scalar_one()
    assert (marked, left) == (3, 0)
    assert not any(
        server.files.complete_size(sha256_hex(p)) is not None for p in (old_only, shared)
    )


def test_a_repeat_of_a_purged_application_still_gets_its_original_answer(
    server, device, admin, clock
):
    clock.offset = -timedelta(days=40)
    refs = [device.upload(_photo(10))]
    request = submission(device_code=device.device_code, materials=refs)
    first = device.submit(request).json()
    assert admin.advance(first["server_id"], "in_review").ok
    assert admin.advance(first["server_id"], "rejected", result_text="材料不全").ok
    clock.offset = timedelta(0)
    assert retention.purge(server.engine, server.files, now=utc_now()).materials == 1

    again = device.submit(request)
    assert again.status_code == 200, again.text
    assert (again.json()["server_id"], again.json()["duplicate"]) == (first["server_id"], True)


def test_answers_go_half_a_year_after_the_decision(server, device, admin, clock):
    """The resident's answers (name, ID number) are cleared 180 days after the decision;
    the record of it stays: state, receipt number, how it was signed, a repeat's answer."""
    signed = {"kind": "confirmed", "statement": "我确认以上内容属实"}

    def accept(**answers) -> tuple[SubmitRequest, str]:
        request = submission(device_code=device.device_code)
        request.payload["answers"].update(answers)
        answer = device.submit(request)
        assert answer.status_code == 201, answer.text
        return request, answer.json()["server_id"]

    clock.offset = -timedelta(days=200)
    old, decided_long_ago = accept(signature=signed)
    assert admin.advance(decided_long_ago, "in_review").ok
    assert admin.advance(decided_long_ago, "approved", result_text="准予").ok
    _, still_open = accept()
    assert admin.advance(still_open, "in_review").ok
    clock.offset = -timedelta(days=100)
    recent, decided_recently = accept()
    assert admin.advance(decided_recently, "in_review").ok
    assert admin.advance(decided_recently, "rejected", result_text="不符合条件").ok
    clock.offset = timedelta(0)

    assert retention.purge_answers(server.engine, now=utc_now()) == 1

    detail = admin.request("GET", f"/v1/admin/applications/{decided_long_ago}").json()
    assert detail["payload"] == {"answers": {"signature": {"kind": "confirmed"}}}
    assert detail["answers_purged_at"] is not None
    assert detail["signature_kinds"] == ["confirmed"], "how it was signed stays"
    assert (detail["state"], detail["receipt_no"]) == ("approved", old.receipt_no)
    with server.engine.connect() as connection:
        rows = connection.execute(select(applications.c.id, applications.c.payload)).all()
    stored = {row.id: row.payload for row in rows}
    person = old.payload["answers"]
    assert not any(
        person["id_number"] in text or person["applicant_name"] in text for text in stored.values()
    ), "nothing of the cleared answers is left in the database"
    for kept in (still_open, decided_recently):
        detail = admin.request("GET", f"/v1/admin/applications/{kept}").json()
        assert detail["answers_purged_at"] is None
        assert detail["payload"]["answers"]["id_number"]
    assert recent.payload["answers"]["id_number"] in "".join(stored.values())
    # Once is enough; and a kiosk repeating the old submission still gets its answer.
    assert retention.purge_answers(server.engine, now=utc_now()) == 0
    again = device.submit(old)
    assert (again.status_code, again.json()["server_id"]) == (200, decided_long_ago)
    later = utc_now() + timedelta(days=81)
    assert retention.purge_answers(server.engine, now=later) == 1  # the rejected one's turn
    with pytest.raises(ValueError):
        retention.purge_answers(server.engine, now=later, keep_for=timedelta(0))


# -- the command line and the timer ----------------------------------------------------------


def _cli(capsys, db_url: str, *args: str) -> tuple[int, str, str]:
    code = cli.main([args[0], "--db", db_url, *args[1:]])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_gc_runs_both_passes(server, device, admin, clock, db_url, capsys):
    clock.offset = -timedelta(days=40)
    abandoned, photo = _photo(11), _photo(12)
    assert _patch(device, abandoned, 0, 30_000).status_code == 200
    decided = _accept(device, [photo])
    assert admin.advance(decided, "in_review").ok
    assert admin.advance(decided, "approved", result_text="准予").ok
    clock.offset = timedelta(0)

    where = ("--materials", str(server.files.root))  # the server's material directory
    code, out, _ = _cli(capsys, db_url, "gc", *where, "--retention-days", "0", "--json")
    assert code == 0
    assert json.loads(out) == {
        "uploads": {
            "abandoned": 1,
            "unclaimed": 0,
            "stray": 0,
            "adopted": 0,
            "bytes_freed": 30_000,
        },
        "retention": {"materials": 0, "bytes_freed": 0, "applications": 0, "answers": 0},
        "skipped": False,
    }
    code, out, _ = _cli(capsys, db_url, "gc", *where)
    assert code == 0
    assert "未完成 0 个" in out and "到期材料：1 个" in out and "涉及申请 1 件" in out
    assert "清除到期答案 0 件" in out  # decided 40 days ago: its answers stay for 180
    assert _held(server, sha256_hex(abandoned)) is None
    assert _held(server, sha256_hex(photo)) is None


def test_the_server_runs_housekeeping_on_its_own(server, device, clock):
    clock.offset = -timedelta(days=9)
    data = _photo(13)
    assert _patch(device, data, 0, 20_000).status_code == 200
    clock.offset = timedelta(0)
    rounds: list[housekeeping.Report] = []
    done = threading.Event()

    def seen(report: housekeeping.Report) -> None:
        rounds.append(report)
        done.set()

    keeper = housekeeping.Housekeeper(
        server.engine,
        server.files,
        housekeeping.Policy(),
        interval=timedelta(hours=6),
        on_round=seen,
    )
    keeper.start()
    try:
        assert done.wait(30), "the first round runs at start"
    finally:
        keeper.stop()
    assert rounds[0].uploads.abandoned == 1
    assert _held(server, sha256_hex(data)) is None


def test_policy_from_the_command_line_days():
    policy = housekeeping.Policy.from_days(7, 0)
    assert (policy.upload_expiry, policy.keep_for) == (WEEK, None)
    assert policy.answers_keep_for == timedelta(days=180)
    assert housekeeping.Policy.from_days(7, 30, 0).answers_keep_for is None
    with pytest.raises(ValueError):
        upload_gc.collect(None, None, now=utc_now(), expiry=timedelta(0))  # type: ignore[arg-type]


def test_upgrading_fills_in_which_materials_each_application_uses(fresh_db):
    from alembic import command
    from sqlalchemy import text

    from server import migrate
    from server.database import make_engine
    from server.schema import application_materials

    engine = make_engine(fresh_db(migrated=False))
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    now = utc_now()
    a, b = "a" * 64, "b" * 64
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO devices (id, device_code, name, secret, enrolled_at)"
                " VALUES (1, 'K001', 'x', :secret, :now)"
            ),
            {"secret": b"s" * 32, "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO materials (sha256, size, received, complete, created_at)"
                " VALUES (:sha, 3, 3, true, :now)"
            ),
            {"sha": a, "now": now},
        )
        for number, refs in ((1, [a, b, a]), (2, [])):
            connection.execute(
                text(
                    "INSERT INTO applications (id, client_uuid, device_id, service_code,"
                    " receipt_no, catalog_version, state, revision, payload, materials, source,"
                    " received_at, updated_at) VALUES (:id, :uuid, 1, 'S', 'R', 'v', 'accepted',"
                    " 1, '{}', :materials, 'online', :now, :now)"
                ),
                {
                    "id": number,
                    "uuid": f"00000000-0000-0000-0000-00000000000{number}",
                    "materials": json.dumps([{"sha256": sha, "size": 3} for sha in refs]),
                    "now": now,
                },
            )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        uses = {tuple(row) for row in connection.execute(select(application_materials))}
    engine.dispose()
    assert uses == {(1, a), (1, b)}


def test_kiosk_server_collects_at_start_and_on_its_timer(fresh_db, tmp_path):
    """The real ``kiosk-server`` process: the options reach every worker and the first
    round runs at start."""
    import subprocess
    import sys
    from pathlib import Path

    from bench.live_server import free_port, wait_until
    from server import materials as material_store
    from server.database import make_engine
    from server.material_files import MaterialFiles

    url = fresh_db()
    engine = make_engine(url)
    files = MaterialFiles(tmp_path / "materials")
    old, recent = _photo(14), _photo(15)
    for data, age in ((old, timedelta(days=3)), (recent, timedelta(hours=1))):
        material_store.append_chunk(
            engine,
            files,
            sha256_hex(data),
            offset=0,
            size=len(data),
            data=data[:10_000],
            now=utc_now() - age,
        )
    port = free_port()
    command = [
        *(sys.executable, "-m", "server.cli"),
        *("--db", url, "--materials", str(files.root), "--port", str(port)),
        *("--workers", "2", "--log-level", "warning"),
        *("--gc-interval-hours", "6", "--upload-expiry-days", "2"),
    ]
    with open(tmp_path / "server.log", "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2]
        )

    def gone() -> bool:
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        with engine.connect() as connection:
            return (
                connection.execute(
                    select(materials.c.sha256).where(materials.c.sha256 == sha256_hex(old))
                ).first()
                is None
            )

    try:
        wait_until(gone, timeout_s=60, what="the first housekeeping round")
    finally:
        process.terminate()
        process.wait(timeout=30)
    with engine.connect() as connection:
        left = connection.execute(select(materials.c.sha256)).scalars().all()
    engine.dispose()
    assert left == [sha256_hex(recent)]
    assert files.partial_size(sha256_hex(old)) == 0
    assert files.partial_size(sha256_hex(recent)) == 10_000
