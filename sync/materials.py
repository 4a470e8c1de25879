"""The materials stage: make the server hold every file an application names, resumably.

Files are addressed by SHA-256 (``kiosk.storage.materials_repo``), and so are they on the
server, so "does the server have it?" is one question for many files
(``POST /materials/query``); a file the server already holds is never sent again, whoever
sent it. An upload goes in chunks (``PATCH /materials/{sha}?offset=&size=``); the server keeps
every chunk it received whole, so after a cut the upload resumes from the server's offset
and at most the one chunk that was in flight is sent again.

Chunks adapt to the link (as TCP's window does, much more coarsely): the first is small
(256 KiB), each that arrives in well under the target time (2 s) doubles the next, one that
takes much longer halves it, and a new pass (after a failure) starts small again. A village
link at 64 kbit/s keeps 256 KiB chunks; a hall's LAN sends a photo in one request.

Whole files that fit in the current chunk together travel as one request
(``POST /materials/batch``, up to 32 files): on a fast link an application's photos, or
several applications', cost one request and one round of disk syncs on the server instead of
one each. A batch is at most one chunk, so a cut still costs at most one chunk; a file the
server holds part of goes on by PATCH from its offset.

Files go one after another while the link is slow. Once it has shown it is fast (the chunk
has grown past its first size), up to ``parallel`` files are on the way at once, each on a
connection of its own: the server spends most of a photo's time syncing it to its disk, and
meanwhile the next one is already arriving. On a slow link that would only split the same
bandwidth and make a cut cost every chunk in flight, so it stays at one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from kiosk.protocol import (
    ERRORS,
    MAX_CHUNK_BYTES,
    MAX_MATERIAL_BATCH_FILES,
    ErrorCode,
    MaterialBatchResponse,
    MaterialQueryResponse,
    MaterialRef,
    MaterialStatus,
    material_batch_query,
)
from kiosk.storage.errors import MaterialCorrupted, NotFound
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Application
from sync.errors import LocalDataError, NetworkError, Rejected, Retryable, SyncError
from sync.transport import Transport, parse

log = logging.getLogger(__name__)

QUERY_LIMIT = 500
MAX_RESYNCS = 5
"""Offset corrections in a row before an upload is given up for this pass."""


def material_refs(application: Application, materials: MaterialStore) -> list[MaterialRef]:
    """Every file the application's answers name, in form order, once each.

    Raises :class:`LocalDataError` when a named file is not in the store (the application
    cannot be sent as it is: staff must look).
    """
    types = {
        use.sha256: use.material_type
        for use in materials.uses_for_application(application.client_uuid)
    }
    refs: list[MaterialRef] = []
    seen: set[str] = set()
    answers = application.payload.get("answers", {})
    for field_id, value in answers.items() if isinstance(answers, Mapping) else ():
        sha = value.get("sha256") if isinstance(value, Mapping) else None
        if not isinstance(sha, str) or sha in seen:
            continue
        seen.add(sha)
        try:
            stored = materials.get(sha)
        except NotFound:
            raise LocalDataError(
                "local_material_missing",
                "申请中的材料文件在本机找不到，请工作人员处理。",
                detail=f"application {application.client_uuid}: material {sha[:12]} missing",
            ) from None
        refs.append(
            MaterialRef(
                sha256=sha,
                size=stored.size,
                mime=stored.mime[:100] or "application/octet-stream",
                material_type=types.get(sha),
                field_id=field_id[:64],
            )
        )
    return refs


@dataclass
class UploadProgress:
    """Bytes the server is known to hold, per material (what ``bytes left`` is made of)."""

    held: dict[str, int]

    def remaining(self, sizes: Mapping[str, int]) -> int:
        return sum(max(0, size - self.held.get(sha, 0)) for sha, size in sizes.items())


class MaterialUploader:
    def __init__(
        self,
        transport: Transport,
        materials: MaterialStore,
        *,
        chunk_bytes: int,
        max_chunk_bytes: int | None = None,
        chunk_target_s: float = 2.0,
        parallel: int = 1,
        on_progress: Callable[[str, int], None] | None = None,
    ) -> None:
        self._transport = transport
        self.parallel = max(1, parallel)
        self._spares: list[Transport] = []
        """Connections of their own for files sent in parallel (made on first need)."""
        self._materials = materials
        self.min_chunk = chunk_bytes
        self.max_chunk = max(chunk_bytes, min(max_chunk_bytes or chunk_bytes, MAX_CHUNK_BYTES))
        self.chunk = chunk_bytes
        """The size of the next chunk (it adapts to the link)."""
        self._target_s = chunk_target_s
        self._on_progress = on_progress or (lambda sha, received: None)
        self._batches_supported = True

    def query(self, shas: Iterable[str]) -> dict[str, MaterialStatus]:
        """Where each material stands on the server, in as few round trips as possible."""
        wanted = list(dict.fromkeys(shas))
        found: dict[str, MaterialStatus] = {}
        for start in range(0, len(wanted), QUERY_LIMIT):
            part = wanted[start : start + QUERY_LIMIT]
            answer = parse(
                MaterialQueryResponse,
                self._transport.post_json("/materials/query", {"sha256s": part}),
            )
            for status in answer.materials:
                if status.sha256 in part:
                    found[status.sha256] = status
        return found

    def upload_all(
        self,
        refs: Sequence[MaterialRef],
        statuses: Mapping[str, MaterialStatus],
        *,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> dict[str, SyncError]:
        """Make the server hold each of ``refs``; returns the files refused one by one
        (``LocalDataError``, ``Rejected``, ``Retryable``: the caller parks or defers the
        applications naming them). A failure that ends the pass (the network, a busy server,
        authentication, ``should_stop``) is raised once the uploads in flight have ended.

        Local files are read on the calling thread (the store's connection is per thread);
        only the HTTP goes to the worker threads.
        """
        failed: dict[str, SyncError] = {}
        stop: BaseException | None = None
        queue = list(refs)
        in_flight: dict[Future[dict[str, SyncError] | None], tuple[list[str], Transport]] = {}
        with ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="upload") as pool:
            while queue or in_flight:
                while queue and stop is None and len(in_flight) < self._width():
                    if should_stop():
                        stop = NetworkError("同步已停止。", detail="stopped", maybe_delivered=False)
                        break
                    ref = queue.pop(0)
                    status = statuses.get(ref.sha256)
                    if status is not None and status.complete:
                        self._on_progress(ref.sha256, ref.size)
                        continue
                    batch = [ref]
                    if self._batchable(ref, status):
                        batch += self._take_batch(queue, statuses, budget=self.chunk - ref.size)
                    parts: list[tuple[MaterialRef, bytes]] = []
                    for member in batch:
                        try:
                            parts.append((member, self._read(member)))
                        except LocalDataError as error:
                            failed[member.sha256] = error
                    if not parts:
                        continue
                    transport = self._take_transport(busy=[t for _, t in in_flight.values()])
                    if len(batch) > 1:
                        future = pool.submit(self._send_batch, transport, parts)
                    else:
                        future = pool.submit(self._send_file, transport, ref, status, parts[0][1])
                    in_flight[future] = ([member.sha256 for member, _ in parts], transport)
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    shas, _transport = in_flight.pop(future)
                    try:
                        failed.update(future.result() or {})
                    except (LocalDataError, Rejected, Retryable) as error:
                        failed.update(dict.fromkeys(shas, error))
                    except BaseException as error:  # ends the pass, after the others land
                        stop = stop or error
        self._close_spares()
        if stop is not None:
            raise stop
        return failed

    def _batchable(self, ref: MaterialRef, status: MaterialStatus | None) -> bool:
        """A whole file that fits in the current chunk, not begun on the server."""
        return (
            self._batches_supported
            and ref.size <= self.chunk
            and (status is None or (status.received == 0 and status.size in (None, ref.size)))
        )

    def _take_batch(
        self, queue: list[MaterialRef], statuses: Mapping[str, MaterialStatus], *, budget: int
    ) -> list[MaterialRef]:
        """More files from the front of ``queue`` to go with the one taken, while they fit
        in ``budget`` bytes (files the server holds are passed over: nothing to send)."""
        taken: list[MaterialRef] = []
        index = 0
        while index < len(queue) and len(taken) < MAX_MATERIAL_BATCH_FILES - 1:
            ref = queue[index]
            status = statuses.get(ref.sha256)
            if (status is None or not status.complete) and (
                ref.size > budget or not self._batchable(ref, status)
            ):
                break
            queue.pop(index)
            if status is not None and status.complete:
                self._on_progress(ref.sha256, ref.size)
                continue
            taken.append(ref)
            budget -= ref.size
        return taken

    def _width(self) -> int:
        return self.parallel if self.chunk > self.min_chunk else 1

    def _take_transport(self, *, busy: list[Transport]) -> Transport:
        for transport in (self._transport, *self._spares):
            if transport not in busy:
                return transport
        spare = self._transport.fork()
        self._spares.append(spare)
        return spare

    def _close_spares(self) -> None:
        for spare in self._spares:
            spare.close()
        self._spares.clear()

    def ensure(self, ref: MaterialRef, status: MaterialStatus | None) -> None:
        """Upload whatever of ``ref`` the server lacks; returns when the server holds it all.

        Raises :class:`LocalDataError` when the local file is damaged, and the transport's
        errors (a permanent refusal, such as a size or hash mismatch, as ``Rejected``).
        """
        if status is not None and status.complete:
            self._on_progress(ref.sha256, ref.size)
            return
        self._send_file(self._transport, ref, status, self._read(ref))

    def _read(self, ref: MaterialRef) -> bytes:
        try:
            return self._materials.read(ref.sha256)
        except MaterialCorrupted as error:
            raise LocalDataError(
                "local_material_damaged", error.message, detail=error.detail
            ) from error
        except NotFound:
            raise LocalDataError(
                "local_material_missing",
                "申请中的材料文件在本机找不到，请工作人员处理。",
                detail=f"material {ref.sha256[:12]} missing",
            ) from None

    def _send_batch(
        self, transport: Transport, parts: Sequence[tuple[MaterialRef, bytes]]
    ) -> dict[str, SyncError]:
        """Whole files in one request (``POST /materials/batch``); returns the ones refused.

        The batch is at most one chunk, so a cut costs what a cut chunk costs: the server
        keeps nothing of a request whose body did not arrive whole, and the next pass sends
        the batch again (asking first, so files another kiosk sent meanwhile are left out).
        """
        body = b"".join(data for _, data in parts)
        started = time.monotonic()
        try:
            answer = transport.request(
                "POST",
                "/materials/batch",
                raw_body=body,
                query={"files": material_batch_query([(r.sha256, len(d)) for r, d in parts])},
            )
        except Rejected as error:
            if error.code != ErrorCode.NOT_FOUND:
                raise
            # A server from before batches: send the files one by one from now on.
            log.info("server has no material batches; uploading files one by one")
            self._batches_supported = False
            failed: dict[str, SyncError] = {}
            for ref, data in parts:
                try:
                    self._send_file(transport, ref, None, data)
                except (LocalDataError, Rejected, Retryable) as refusal:
                    failed[ref.sha256] = refusal
            return failed
        self._adapt(len(body), time.monotonic() - started)
        items = parse(MaterialBatchResponse, answer.json()).materials
        if [item.sha256 for item in items] != [ref.sha256 for ref, _ in parts]:
            raise NetworkError(
                "服务器的回答与请求不符，稍后重试。", detail="material batch answer mismatch"
            )
        failed = {}
        for item in items:
            if item.error is not None:
                kind = Retryable if item.error.retryable else Rejected
                failed[item.sha256] = kind(
                    item.error.code,
                    item.error.message,
                    status=_status_of(item.error.code),
                    details=item.error.details,
                )
            elif item.complete:
                self._on_progress(item.sha256, item.received)
            else:
                failed[item.sha256] = Retryable(
                    ErrorCode.MATERIALS_MISSING.value,
                    ERRORS[ErrorCode.MATERIALS_MISSING].message,
                    status=_status_of(ErrorCode.MATERIALS_MISSING),
                    details={"missing": [item.sha256]},
                )
        return failed

    def _send_file(
        self,
        transport: Transport,
        ref: MaterialRef,
        status: MaterialStatus | None,
        data: bytes,
    ) -> None:
        received = status.received if status is not None else 0
        resyncs = 0
        while True:
            # An empty file still needs one (empty) chunk so the server can complete it.
            end = min(len(data), received + self.chunk)
            started = time.monotonic()
            try:
                answer = transport.request(
                    "PATCH",
                    f"/materials/{ref.sha256}",
                    raw_body=data[received:end],
                    query={"offset": received, "size": len(data)},
                )
            except Retryable as error:
                if error.code != ErrorCode.OFFSET_MISMATCH or resyncs >= MAX_RESYNCS:
                    raise
                resyncs += 1
                received = self._server_offset(transport, ref.sha256, error.details)
                continue
            self._adapt(end - received, time.monotonic() - started)
            state = parse(MaterialStatus, answer.json())
            if state.sha256 != ref.sha256:
                raise NetworkError(
                    "服务器的回答与请求不符，稍后重试。", detail="material answer for another file"
                )
            self._on_progress(ref.sha256, state.received)
            if state.complete:
                return
            if state.received <= received and end > received:
                # The server kept none of what we sent: ask where it stands before going on.
                resyncs += 1
                if resyncs > MAX_RESYNCS:
                    raise NetworkError(
                        "材料上传没有进展，稍后重试。", detail=f"material {ref.sha256[:12]} stuck"
                    )
            received = state.received

    def _adapt(self, sent: int, elapsed_s: float) -> None:
        if sent < self.chunk // 2:
            return  # a small file or a file's tail: says little about the link
        full_chunk_s = elapsed_s * self.chunk / max(1, sent)  # what a whole chunk would take
        if full_chunk_s < self._target_s / 2:
            self.chunk = min(self.max_chunk, self.chunk * 2)
        elif full_chunk_s > self._target_s * 2:
            self.chunk = max(self.min_chunk, self.chunk // 2)

    def _server_offset(self, transport: Transport, sha: str, details: Mapping[str, object]) -> int:
        offered = details.get("received")
        if isinstance(offered, int) and offered >= 0:
            return offered
        head = transport.request("HEAD", f"/materials/{sha}")
        return int(head.headers.get("Upload-Offset", "0"))


def _status_of(code: str) -> int:
    """The HTTP status the error would have had on its own (for the log-safe detail)."""
    try:
        return ERRORS[ErrorCode(code)].status
    except ValueError:
        return 409
