"""The outbox stages, per application, in order: materials -> application -> confirm -> done.

Progress is saved after each stage (``Outbox.advance_stage``; a group's changes of one kind
in one transaction, ``Outbox.unit_of_work``), and every stage is idempotent
on the server, so a pass cut anywhere (a dead link, a killed process, a pulled plug) resumes
at the stage it reached and can only repeat work the server answers as a repeat:

``materials``    upload what the server lacks of every file the application names
``application``  build the request once and freeze it in the row (a retry is the same bytes)
``confirm``      the request has gone out at least once: send the frozen request again and
                 read the answer; the server answers a repeat with its original result
                 (``duplicate: true``) and the same ``server_id``
``done``         acknowledged; the row keeps the server id

Small requests travel together (``POST /applications/batch``); every item is answered on its
own. How an answer is handled: acknowledged -> ``accepted``; refused for good -> the item is
*parked* with the server's reason for staff and the others go on; refused for now
(``materials_missing`` after the server lost a file ...) -> upload again or retry the item
later with its own backoff. A network or server failure stops the pass: every item in flight
goes back to the queue unharmed (``uploading -> queued``) and the worker backs off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from pydantic import ValidationError

from kiosk.domain.states import ApplicationState, InvalidTransition, OutboxStage
from kiosk.protocol import (
    MAX_BATCH_ITEMS,
    BatchSubmitResponse,
    ErrorBody,
    ErrorCode,
    MaterialRef,
    SubmitRequest,
    SubmitResult,
    canonical_json,
    utc_text,
)
from kiosk.storage.materials_repo import MaterialStore
from kiosk.storage.outbox_repo import Application, Outbox
from sync.backoff import Backoff
from sync.config import SyncConfig
from sync.errors import LocalDataError, NetworkError, Rejected, Retryable
from sync.materials import MaterialUploader, material_refs
from sync.transport import Transport, encode_json, parse

log = logging.getLogger(__name__)

ACTOR = "sync"


@dataclass
class OutboxResult:
    accepted: list[str] = field(default_factory=list)
    parked: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    """Refused for now; back in the queue with their own backoff."""


def build_request(application: Application, refs: list[MaterialRef]) -> SubmitRequest:
    return SubmitRequest(
        client_uuid=application.client_uuid,
        revision=application.revision,
        service_code=application.service_code,
        receipt_no=application.receipt_no,
        catalog_version=application.catalog_version,
        submitted_at=utc_text(application.submitted_at),
        payload=dict(application.payload),
        materials=refs,
    )


def frozen_request(
    outbox: Outbox, materials: MaterialStore, application: Application
) -> SubmitRequest:
    """The request for the application's current revision, built once and kept in its row."""
    if application.request_body is None:
        try:
            request = build_request(application, material_refs(application, materials))
        except ValidationError as error:
            raise LocalDataError(
                "local_invalid",
                "这件申请的内容不符合提交格式，请工作人员处理。",
                detail=f"{application.client_uuid}: {error.error_count()} problem(s)",
            ) from error
        body = canonical_json(request.model_dump(mode="json")).decode("utf-8")
        kept = outbox.freeze_request(application.client_uuid, body)
    else:
        kept = application.request_body
    return SubmitRequest.model_validate_json(kept)


class OutboxRunner:
    def __init__(
        self,
        *,
        outbox: Outbox,
        materials: MaterialStore,
        transport: Transport,
        config: SyncConfig,
        item_backoff: Backoff,
        on_progress: Callable[[str, int], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self._outbox = outbox
        self._materials = materials
        self._transport = transport
        self._config = config
        self._item_backoff = item_backoff
        self._uploader = MaterialUploader(
            transport,
            materials,
            chunk_bytes=config.chunk_bytes,
            max_chunk_bytes=config.max_chunk_bytes,
            chunk_target_s=config.chunk_target_s,
            parallel=config.upload_parallel,
            on_progress=on_progress,
        )
        self._should_stop = should_stop

    def run(self, *, force: bool = False) -> OutboxResult:
        """Send every due item (``force``: every queued item, backoff or not), oldest first."""
        result = OutboxResult()
        seen: set[str] = set()
        while not self._should_stop():
            group = [
                item
                for item in self._outbox.due(
                    limit=self._config.batch_items + len(seen), ignore_backoff=force
                )
                if item.client_uuid not in seen
            ][: self._config.batch_items]
            if not group:
                return result
            seen.update(item.client_uuid for item in group)
            self._run_group(group, result)
        return result

    def _run_group(self, group: list[Application], result: OutboxResult) -> None:
        started: list[Application] = []
        with self._outbox.unit_of_work():  # one commit for the group, not one per item
            for item in group:
                try:
                    started.append(self._outbox.start_attempt(item.client_uuid, actor=ACTOR))
                except InvalidTransition:
                    continue  # another process took it between due() and now
        live = {item.client_uuid: item for item in started}
        try:
            requests = self._materials_stage(live, result)
            self._submit_stage(requests, live, result)
        except BaseException as error:
            # The pass stops; nothing in flight is lost or counted against the item.
            for client_uuid in live:
                self._return_to_queue(client_uuid, getattr(error, "code", "interrupted"))
            raise

    # ------------------------------------------------------------------ materials

    def _materials_stage(
        self, live: dict[str, Application], result: OutboxResult
    ) -> dict[str, SubmitRequest]:
        requests: dict[str, SubmitRequest] = {}
        with self._outbox.unit_of_work():
            for client_uuid, item in list(live.items()):
                try:
                    requests[client_uuid] = frozen_request(self._outbox, self._materials, item)
                except LocalDataError as error:
                    self._park(live, client_uuid, error.code, error.message, result)
        todo = {
            uuid: request
            for uuid, request in requests.items()
            if live[uuid].stage is OutboxStage.MATERIALS
        }
        shas = [ref.sha256 for request in todo.values() for ref in request.materials]
        statuses = self._uploader.query(shas) if shas else {}
        # Each file once, however many applications name it (材料复用).
        files = {ref.sha256: ref for request in todo.values() for ref in request.materials}
        failed = self._uploader.upload_all(
            list(files.values()), statuses, should_stop=self._should_stop
        )
        uploaded: list[str] = []
        for client_uuid, request in todo.items():
            error = next(
                (failed[ref.sha256] for ref in request.materials if ref.sha256 in failed), None
            )
            if isinstance(error, LocalDataError | Rejected):
                self._park(live, client_uuid, error.code, error.message, result)
                requests.pop(client_uuid)
            elif error is not None:
                self._defer(live, client_uuid, error.code, result)
                requests.pop(client_uuid)
            else:
                uploaded.append(client_uuid)
        # One commit for the group. Were it lost, nothing would be sent twice: the stage
        # asks the server first.
        with self._outbox.unit_of_work():
            for client_uuid in uploaded:
                live[client_uuid] = self._outbox.advance_stage(client_uuid, OutboxStage.APPLICATION)
        return requests

    # ------------------------------------------------------------------ application, confirm

    def _submit_stage(
        self,
        requests: dict[str, SubmitRequest],
        live: dict[str, Application],
        result: OutboxResult,
    ) -> None:
        for batch in self._batches(list(requests.values())):
            with self._outbox.unit_of_work():
                for request in batch:
                    # From here on the server may hold it: a retry must confirm, not assume.
                    live[request.client_uuid] = self._outbox.advance_stage(
                        request.client_uuid, OutboxStage.CONFIRM
                    )
            answers = self._send(batch)
            self._acknowledge(answers, live, result)
            for request, answer in answers:
                if not isinstance(answer, SubmitResult):
                    self._handle(request, answer, live, result)  # may go to the network

    def _acknowledge(
        self,
        answers: list[tuple[SubmitRequest, SubmitResult | ErrorBody]],
        live: dict[str, Application],
        result: OutboxResult,
    ) -> None:
        """Every acknowledgement of a batch in one transaction (one flush to disk)."""
        accepted = [
            (request, answer) for request, answer in answers if isinstance(answer, SubmitResult)
        ]
        for request, answer in accepted:  # all checked before any is recorded
            if (answer.client_uuid, answer.revision) != (request.client_uuid, request.revision):
                raise NetworkError(
                    "服务器的回答与请求不符，稍后重试。", detail="submit answer for another item"
                )
        with self._outbox.unit_of_work():
            for request, answer in accepted:
                self._outbox.acknowledge(
                    request.client_uuid,
                    server_id=answer.server_id,
                    revision=answer.revision,
                    actor=ACTOR,
                )
        for request, _ in accepted:
            live.pop(request.client_uuid, None)
            result.accepted.append(request.client_uuid)

    def _batches(self, requests: list[SubmitRequest]) -> list[list[SubmitRequest]]:
        batches: list[list[SubmitRequest]] = []
        current: list[SubmitRequest] = []
        size = 0
        limit_items = min(self._config.batch_items, MAX_BATCH_ITEMS)
        for request in requests:
            length = len(encode_json(request.model_dump(mode="json")))
            if current and (
                len(current) >= limit_items or size + length > self._config.batch_bytes
            ):
                batches.append(current)
                current, size = [], 0
            current.append(request)
            size += length
        if current:
            batches.append(current)
        return batches

    def _send(
        self, batch: list[SubmitRequest]
    ) -> list[tuple[SubmitRequest, SubmitResult | ErrorBody]]:
        if len(batch) == 1:
            request = batch[0]
            try:
                answer = self._transport.post_json("/applications", request.model_dump(mode="json"))
            except (Rejected, Retryable) as error:
                return [
                    (
                        request,
                        ErrorBody(
                            code=error.code,
                            message=error.message,
                            retryable=isinstance(error, Retryable),
                            details=error.details or None,
                        ),
                    )
                ]
            return [(request, parse(SubmitResult, answer))]
        answer = parse(
            BatchSubmitResponse,
            self._transport.post_json(
                "/applications/batch",
                {"applications": [request.model_dump(mode="json") for request in batch]},
            ),
        )
        by_key = {(item.client_uuid, item.revision): item for item in answer.results}
        paired: list[tuple[SubmitRequest, SubmitResult | ErrorBody]] = []
        for request in batch:
            item = by_key.get((request.client_uuid, request.revision))
            if item is None or (item.result is None and item.error is None):
                raise NetworkError(
                    "服务器的回答不完整，稍后重试。", detail="batch answer lacks an item"
                )
            paired.append((request, item.result if item.result is not None else item.error))
        return paired

    def _handle(
        self,
        request: SubmitRequest,
        answer: SubmitResult | ErrorBody,
        live: dict[str, Application],
        result: OutboxResult,
    ) -> None:
        client_uuid = request.client_uuid
        if isinstance(answer, SubmitResult):
            if (answer.client_uuid, answer.revision) != (client_uuid, request.revision):
                raise NetworkError(
                    "服务器的回答与请求不符，稍后重试。", detail="submit answer for another item"
                )
            self._outbox.acknowledge(
                client_uuid, server_id=answer.server_id, revision=answer.revision, actor=ACTOR
            )
            live.pop(client_uuid, None)
            result.accepted.append(client_uuid)
            return
        if answer.code == ErrorCode.MATERIALS_MISSING:
            # The server lost (or never completed) a file it had: send it again, then retry.
            self._resend_missing(request, answer, live, result)
            return
        if answer.retryable:
            self._defer(live, client_uuid, answer.code, result)
        else:
            self._park(live, client_uuid, answer.code, answer.message, result)

    def _resend_missing(
        self,
        request: SubmitRequest,
        answer: ErrorBody,
        live: dict[str, Application],
        result: OutboxResult,
    ) -> None:
        missing = set((answer.details or {}).get("missing") or ())
        refs = [ref for ref in request.materials if ref.sha256 in missing] or request.materials
        try:
            statuses = self._uploader.query(ref.sha256 for ref in refs)
            for ref in refs:
                self._uploader.ensure(ref, statuses.get(ref.sha256))
        except (LocalDataError, Rejected) as error:
            self._park(live, request.client_uuid, error.code, error.message, result)
            return
        except Retryable as error:
            self._defer(live, request.client_uuid, error.code, result)
            return
        for again, reply in self._send([request]):
            if isinstance(reply, ErrorBody) and reply.code == ErrorCode.MATERIALS_MISSING:
                self._defer(live, again.client_uuid, reply.code, result)
            else:
                self._handle(again, reply, live, result)

    # ------------------------------------------------------------------ bookkeeping

    def _park(
        self,
        live: dict[str, Application],
        client_uuid: str,
        code: str,
        reason: str,
        result: OutboxResult,
    ) -> None:
        log.warning("application %s parked: %s", client_uuid, code)
        self._outbox.park(client_uuid, code=code, reason=reason, actor=ACTOR)
        live.pop(client_uuid, None)
        result.parked.append(client_uuid)

    def _defer(
        self, live: dict[str, Application], client_uuid: str, code: str, result: OutboxResult
    ) -> None:
        item = live.pop(client_uuid)
        delay = self._item_backoff.delay_for(max(1, item.attempts))
        log.info("application %s deferred %.0f s: %s", client_uuid, delay, code)
        self._outbox.record_attempt_failure(
            client_uuid, error=code, backoff=timedelta(seconds=delay), actor=ACTOR
        )
        result.deferred.append(client_uuid)

    def _return_to_queue(self, client_uuid: str, code: str) -> None:
        try:
            if self._outbox.get(client_uuid).state is ApplicationState.UPLOADING:
                self._outbox.record_attempt_failure(
                    client_uuid, error=str(code), backoff=timedelta(0), actor=ACTOR
                )
        except Exception:  # the store itself failing: recover_interrupted() picks it up
            log.exception("could not return %s to the queue", client_uuid)
