"""草稿凭条 on paper: the slip flow's view as a :class:`devices.printer.Receipt`, the code in
large type and as a QR code (``ZWK1:D:<code>*<check>``, read back by the code reader)."""

from __future__ import annotations

from devices.codes.payloads import PayloadKind, encode_payload
from devices.printer import Receipt
from kiosk.flows.slip import SlipView
from kiosk.i18n import tr


def slip_receipt(view: SlipView) -> Receipt:
    return Receipt(
        title=view.title,
        big=view.display_code,
        lines=((tr("草稿编号"), view.display_code), *view.lines),
        notes=view.notes,
        qr_payload=encode_payload(PayloadKind.DRAFT, view.draft_code),
        footer=view.footer,
        kind="draft-slip",
    )
