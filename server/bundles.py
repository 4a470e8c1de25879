"""Importing a USB bundle written by ``kiosk export``.

Every item goes through the same code as online sync (``intake.submit`` and friends), each in
its own transaction, so importing a bundle twice, or importing items that later also arrive
online (or arrived online before), stores each of them once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select, update

from kiosk.protocol import BundleError, read_bundle
from server import intake
from server import materials as material_store
from server.database import insert_ignore
from server.errors import ApiError
from server.material_files import MaterialFiles
from server.schema import devices, imports


@dataclass
class ImportSummary:
    bundle_id: str
    device_code: str
    times_imported: int = 0
    applications_new: int = 0
    applications_duplicate: int = 0
    materials_new: int = 0
    ratings_new: int = 0
    ratings_duplicate: int = 0
    audit_new: int = 0
    audit_duplicate: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)
    """One entry per item refused: ``{"item", "code", "message"}`` (log-safe)."""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def import_bundle(
    engine: Engine, files: MaterialFiles, path: Path, *, now: datetime
) -> ImportSummary:
    """Verify, decrypt and ingest a bundle; raises :class:`BundleError` if it cannot be read."""
    with engine.connect() as connection:
        known = {
            row.device_code: (row.id, bytes(row.secret), row.revoked_at)
            for row in connection.execute(
                select(devices.c.id, devices.c.device_code, devices.c.secret, devices.c.revoked_at)
            )
        }

    def secret_for(code: str) -> bytes | None:
        entry = known.get(code)
        return entry[1] if entry else None

    with read_bundle(path, secret_for=secret_for) as bundle:
        manifest = bundle.manifest
        device_id, _, revoked_at = known[manifest.device_code]
        if revoked_at is not None and revoked_at < _parse(manifest.created_at):
            raise BundleError(
                "数据包是在设备停用之后导出的，已拒绝。",
                detail=f"device {manifest.device_code} revoked before the bundle was made",
            )
        summary = ImportSummary(bundle_id=manifest.bundle_id, device_code=manifest.device_code)
        sizes = {m.sha256: m.size for m in manifest.materials}
        for sha256 in sizes:
            data = bundle.read_material(sha256)
            with engine.begin() as connection:
                if material_store.store_complete(connection, files, sha256, data, now=now):
                    summary.materials_new += 1
        for application in manifest.applications:
            try:
                with engine.begin() as connection:
                    result = intake.submit(
                        connection, device_id, application, source="usb", now=now, files=files
                    )
            except ApiError as error:
                summary.problems.append(_problem(application.client_uuid, error))
                continue
            if result.duplicate:
                summary.applications_duplicate += 1
            else:
                summary.applications_new += 1
        if manifest.ratings:
            with engine.begin() as connection:
                outcomes = intake.record_ratings(connection, device_id, manifest.ratings, now=now)
            for outcome in outcomes:
                if outcome.error is not None:
                    summary.problems.append(
                        {
                            "item": outcome.key,
                            "code": outcome.error.code,
                            "message": outcome.error.message,
                        }
                    )
                elif outcome.duplicate:
                    summary.ratings_duplicate += 1
                else:
                    summary.ratings_new += 1
        if manifest.audit:
            try:
                with engine.begin() as connection:
                    ack = intake.record_audit(connection, device_id, manifest.audit, now=now)
                summary.audit_new, summary.audit_duplicate = ack.accepted, ack.duplicates
            except ApiError as error:
                summary.problems.append(_problem("audit", error))
        with engine.begin() as connection:
            first = insert_ignore(
                connection,
                imports,
                {
                    "bundle_id": manifest.bundle_id,
                    "device_id": device_id,
                    "first_imported_at": now,
                    "last_imported_at": now,
                    "times": 1,
                },
                keys=["bundle_id"],
            )
            if not first:
                connection.execute(
                    update(imports)
                    .where(imports.c.bundle_id == manifest.bundle_id)
                    .values(times=imports.c.times + 1, last_imported_at=now)
                )
            summary.times_imported = connection.execute(
                select(imports.c.times).where(imports.c.bundle_id == manifest.bundle_id)
            ).scalar_one()
    return summary


def _problem(item: str, error: ApiError) -> dict[str, str]:
    return {"item": item, "code": error.code.value, "message": error.message}


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
