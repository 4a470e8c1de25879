"""Status events per device, pulled with a cursor.

Each device has its own event sequence, bumped with ``UPDATE devices SET status_seq = status_seq
+ 1 ... RETURNING`` inside the transaction that changes the application. The row lock that
UPDATE takes is held to commit, so a later number is never visible before an earlier one: a
client that has read up to N can never miss an event numbered below N. (A global
autoincrement would not give that: two transactions can commit out of order.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update

from kiosk.protocol import (
    ApplicationStatus,
    ServerState,
    StatusPage,
    StatusUpdate,
    format_server_id,
    utc_text,
)
from server.schema import applications, devices, status_events


def append_event(
    connection: Connection,
    *,
    device_id: int,
    application_id: int,
    revision: int,
    state: ServerState,
    actor: str,
    now: datetime,
    reason: str | None = None,
    materials_to_bring: Sequence[str] = (),
    result_text: str | None = None,
) -> int:
    seq = connection.execute(_NEXT_SEQ, {"device": device_id}).scalar_one()
    connection.execute(
        _INSERT_EVENT,
        {
            "device_id": device_id,
            "seq": seq,
            "application_id": application_id,
            "revision": revision,
            "state": state.value,
            "reason": reason,
            "materials_to_bring": json.dumps(list(materials_to_bring), ensure_ascii=False)
            if materials_to_bring
            else None,
            "result_text": result_text,
            "actor": actor,
            "changed_at": now,
        },
    )
    return seq


# Built once, executed with parameters (building them per event cost more than running them).
_NEXT_SEQ = (
    update(devices)
    .where(devices.c.id == bindparam("device"))
    .values(status_seq=devices.c.status_seq + 1)
    .returning(devices.c.status_seq)
)
_INSERT_EVENT = status_events.insert()


def parse_cursor(cursor: str | None) -> int:
    """The cursor is the last seq a client has seen, as text; anything else starts over."""
    if cursor and cursor.isdigit() and len(cursor) <= 18:
        return int(cursor)
    return 0


def pull(connection: Connection, device_id: int, *, cursor: int, limit: int) -> StatusPage:
    """The device's status events after ``cursor``, oldest first.

    A cursor beyond the newest event means the server forgot events the kiosk saw (restored
    from an older backup): the feed starts again from the beginning, marked ``reset``, rather
    than staying silent until the numbers catch up with the kiosk's.
    """
    newest = connection.execute(
        select(devices.c.status_seq).where(devices.c.id == device_id)
    ).scalar_one()
    reset = cursor > newest
    if reset:
        cursor = 0
    rows = connection.execute(
        select(status_events, applications.c.client_uuid)
        .join(applications, applications.c.id == status_events.c.application_id)
        .where(status_events.c.device_id == device_id, status_events.c.seq > cursor)
        .order_by(status_events.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    updates = [
        StatusUpdate(
            seq=row.seq,
            server_id=format_server_id(row.application_id),
            client_uuid=row.client_uuid,
            revision=row.revision,
            state=ServerState(row.state),
            reason=row.reason,
            materials_to_bring=_list(row.materials_to_bring),
            result_text=row.result_text,
            changed_at=utc_text(row.changed_at),
        )
        for row in rows
    ]
    last = updates[-1].seq if updates else cursor
    return StatusPage(updates=updates, cursor=str(last), more=more, reset=reset)


def application_status(connection: Connection, device_id: int, client_uuid: str):
    row = connection.execute(
        select(applications).where(
            applications.c.client_uuid == client_uuid, applications.c.device_id == device_id
        )
    ).first()
    if row is None:
        return None
    return ApplicationStatus(
        server_id=format_server_id(row.id),
        client_uuid=row.client_uuid,
        revision=row.revision,
        state=ServerState(row.state),
        reason=row.reason,
        materials_to_bring=_list(row.materials_to_bring),
        result_text=row.result_text,
        updated_at=utc_text(row.updated_at),
    )


def _list(text: str | None) -> list[str]:
    return json.loads(text) if text else []
