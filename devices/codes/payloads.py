"""What a scanned code says: our own payloads, external codes, and untrusted text.

Our payloads are ``ZWK1:<KIND>:<BODY>*<CHECK>``:

* ``KIND`` is ``R`` (receipt, body is a receipt number such as ``K1-20261122-000042-D``),
  ``D`` (draft code, ten Crockford base-32 characters) or ``E`` (device enrolment, body
  ``HOST[:PORT]/TOKEN``).
* ``CHECK`` is the CRC-32 of ``ZWK1:<KIND>:<BODY>`` (UTF-8) as eight upper-case hex digits. It
  catches every single wrong character and every swap of neighbours, and all but one in 2**32 of
  other corruptions: a code typed from a slip, or a one-dimensional fragment, cannot silently
  become another person's receipt. (The QR code's own Reed-Solomon code catches most misreads.)
* Every character is in the QR alphanumeric set (``0-9 A-Z $ % * + - . / :``), so the code is
  printed in the dense alphanumeric mode with bigger modules, which reads better on a camera.

Anything else is someone else's: an external parser registered on a :class:`PayloadRegistry`
may recognise it (electronic social-security card, national network identity ...); if none
does it becomes :class:`UntrustedText` — size-limited, control and bidi characters stripped,
flagged when it looks like a link. Nothing here executes a payload or opens a URL.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from devices.errors import DeviceError
from devices.text import N_

PREFIX = "ZWK1"
UNTRUSTED_LIMIT = 512  # characters of foreign text we keep; a QR code holds up to ~7,000

_ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_OURS = re.compile(r"ZWK1:([A-Z]):([0-9A-Z$%+\-./:]{1,256})\*([0-9A-F]{8})")
_RECEIPT = re.compile(r"([0-9A-Z]{2,8})-(\d{8})-(\d{6,})-([0-9A-Z])")
_DRAFT = re.compile(r"[0-9A-HJKMNP-TV-Z]{10}")  # Crockford base 32, as kiosk.storage.drafts_repo
_ENROLMENT = re.compile(
    r"(?P<host>[0-9A-Z](?:[0-9A-Z-]{0,61}[0-9A-Z])?(?:\.[0-9A-Z](?:[0-9A-Z-]{0,61}[0-9A-Z])?)*)"
    r"(?::(?P<port>[1-9]\d{0,4}))?/(?P<token>[0-9A-Z]{16,64})"
)
# Characters that can make text lie about itself on screen: bidi embeddings and overrides,
# isolates, marks, zero-width joiners. They are all category Cf and go with the rest.
_STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]{1,31}:", re.IGNORECASE)
_BARE_HOST = re.compile(r"^(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,24}(?:[:/?#]|$)", re.IGNORECASE)


class PayloadKind(StrEnum):
    """The kinds of code this project prints."""

    RECEIPT = "R"
    """受理回执: the local receipt number of a queued application."""
    DRAFT = "D"
    """草稿码: resumes a saved draft (a bearer credential; its owner's slip)."""
    ENROLMENT = "E"
    """设备注册: server and one-time token that enrol this device."""


class InvalidPayload(DeviceError):
    """A code that claims to be ours but is malformed or fails its check."""

    def __init__(self, detail: str) -> None:
        super().__init__(N_("这个码没有读对，请把码放平再扫一次"), detail=detail)


@dataclass(frozen=True)
class ParsedPayload:
    """A recognised payload. ``trusted`` only when its format and check proved it ours."""

    kind: str
    body: str
    trusted: bool
    fields: tuple[tuple[str, str], ...] = ()

    def get(self, name: str, default: str | None = None) -> str | None:
        return dict(self.fields).get(name, default)


@dataclass(frozen=True)
class UntrustedText(ParsedPayload):
    """Foreign text: safe to show, never to execute; links are flagged, never opened."""

    looks_like_url: bool = False
    truncated: bool = False


class PayloadParser(Protocol):
    """An extension point: recognise one family of codes, or answer ``None``."""

    name: str

    def parse(self, text: str) -> ParsedPayload | None: ...


def compute_check(kind: str, body: str) -> str:
    """The CRC-32 check of ``ZWK1:<kind>:<body>`` as eight upper-case hex digits."""
    return f"{zlib.crc32(f'{PREFIX}:{kind}:{body}'.encode()):08X}"


def receipt_check_char(text: str) -> str:
    """ISO 7064 MOD 37,36 check character, the same rule as the kiosk's receipt numbers.

    Repeated here because devices import no other project package; a test keeps the two equal.
    """
    modulus = 36
    product = modulus
    for char in text:
        total = (product + _ALNUM36.index(char)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return _ALNUM36[(modulus + 1 - product) % modulus]


def _receipt_fields(body: str) -> tuple[tuple[str, str], ...]:
    match = _RECEIPT.fullmatch(body)
    if match is None:
        raise ValueError("receipt body is not DEVICE-YYYYMMDD-NNNNNN-C")
    device, date, sequence, check = match.groups()
    if receipt_check_char(device + date + sequence) != check:
        raise ValueError("receipt number check character does not match")
    return (("device", device), ("date", date), ("sequence", sequence))


def _draft_fields(body: str) -> tuple[tuple[str, str], ...]:
    if _DRAFT.fullmatch(body) is None:
        raise ValueError("draft body is not ten Crockford base-32 characters")
    return (("draft_code", body),)


def _enrolment_fields(body: str) -> tuple[tuple[str, str], ...]:
    match = _ENROLMENT.fullmatch(body)
    if match is None:
        raise ValueError("enrolment body is not HOST[:PORT]/TOKEN")
    host, port, token = match.group("host"), match.group("port"), match.group("token")
    if port is not None and int(port) > 65535:
        raise ValueError("enrolment port out of range")
    # Always https: TLS verification is never switched off (DESIGN.md).
    server = f"https://{host.lower()}" + (f":{port}" if port else "")
    return (("server", server), ("token", token))


_BODY_RULES = {
    PayloadKind.RECEIPT: _receipt_fields,
    PayloadKind.DRAFT: _draft_fields,
    PayloadKind.ENROLMENT: _enrolment_fields,
}


def encode_payload(kind: PayloadKind | str, body: str) -> str:
    """The text to print in a QR code for ``body`` of ``kind``; ``ValueError`` if malformed."""
    kind = PayloadKind(kind)
    _BODY_RULES[kind](body)
    return f"{PREFIX}:{kind.value}:{body}*{compute_check(kind.value, body)}"


def enrolment_body(server: str, *, token: str) -> str:
    """``HOST[:PORT]/TOKEN`` for an enrolment code; ``server`` is an ``https://`` URL."""
    match = re.fullmatch(r"https://([^/:]+)(?::(\d+))?/?", server.strip(), re.IGNORECASE)
    if match is None:
        raise ValueError("enrolment server must be https://HOST[:PORT]")
    host, port = match.groups()
    body = f"{host.upper()}{':' + port if port else ''}/{token.upper()}"
    _enrolment_fields(body)
    return body


class OurPayloadParser:
    """Parses ``ZWK1:`` payloads; raises :class:`InvalidPayload` when one fails its check."""

    name = "zwk1"

    def parse(self, text: str) -> ParsedPayload | None:
        if not text.startswith(f"{PREFIX}:"):
            return None
        match = _OURS.fullmatch(text)
        if match is None:
            raise InvalidPayload("ZWK1 payload is malformed")
        kind_letter, body, check = match.groups()
        if compute_check(kind_letter, body) != check:
            raise InvalidPayload("ZWK1 payload check does not match")
        try:
            kind = PayloadKind(kind_letter)
        except ValueError:
            raise InvalidPayload(f"ZWK1 payload kind {kind_letter!r} is unknown") from None
        try:
            fields = _BODY_RULES[kind](body)
        except ValueError as exc:
            raise InvalidPayload(f"ZWK1 {kind.name.lower()} body rejected: {exc}") from None
        return ParsedPayload(kind=kind.value, body=body, trusted=True, fields=fields)


def sanitize_text(text: str, *, limit: int = UNTRUSTED_LIMIT) -> tuple[str, bool]:
    """Foreign text made safe to show: controls and bidi tricks removed, at most ``limit``.

    Returns the text and whether it was cut. Line breaks and tabs become spaces.
    """
    kept: list[str] = []
    for char in text[: limit * 4]:  # bound the work on a hostile 7,000-character code
        if char in "\t\n\r\v\f":
            kept.append(" ")
        elif unicodedata.category(char) not in _STRIPPED_CATEGORIES:
            kept.append(char)
    clean = "".join(kept).strip()
    truncated = len(clean) > limit or len(text) > limit * 4
    return clean[:limit], truncated


def looks_like_url(text: str) -> bool:
    """True for anything a phone would open: a scheme (``https:``, ``weixin:``) or a host."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return bool(_SCHEME.match(folded) or _BARE_HOST.match(folded))


def untrusted_text(text: str) -> UntrustedText:
    clean, truncated = sanitize_text(text)
    return UntrustedText(
        kind="text",
        body=clean,
        trusted=False,
        looks_like_url=looks_like_url(clean),
        truncated=truncated,
    )


class PayloadRegistry:
    """Parsers tried in order; the first that recognises the text wins.

    Our own parser is always first, so an external parser cannot claim a ``ZWK1:`` code.
    Results of external parsers must say ``trusted=False`` unless they verified the code
    themselves; being recognised is not being verified.
    """

    def __init__(self, parsers: tuple[PayloadParser, ...] = ()) -> None:
        self._parsers: list[PayloadParser] = [OurPayloadParser(), *parsers]

    def register(self, parser: PayloadParser) -> None:
        if any(existing.name == parser.name for existing in self._parsers):
            raise ValueError(f"a payload parser named {parser.name!r} is already registered")
        self._parsers.append(parser)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(parser.name for parser in self._parsers)

    def parse(self, text: str) -> ParsedPayload:
        # Foreign parsers see sanitised text too: none of them needs a control character.
        stripped = text.strip()
        for parser in self._parsers:
            parsed = parser.parse(stripped if parser.name == OurPayloadParser.name else text)
            if parsed is not None:
                return parsed
        return untrusted_text(text)


class PrefixParser:
    """A ready-made extension: codes that start with ``prefix`` become kind ``name``.

    For families whose content is verified elsewhere (for example an electronic
    social-security card, checked online by the issuing platform): recognised, never trusted.
    """

    def __init__(self, name: str, *, prefix: str, limit: int = UNTRUSTED_LIMIT) -> None:
        self.name = name
        self._prefix = prefix
        self._limit = limit

    def parse(self, text: str) -> ParsedPayload | None:
        if not text.startswith(self._prefix):
            return None
        clean, _ = sanitize_text(text, limit=self._limit)
        return ParsedPayload(kind=self.name, body=clean, trusted=False)


_DEFAULT_REGISTRY = PayloadRegistry()


def parse_payload(text: str, *, registry: PayloadRegistry | None = None) -> ParsedPayload:
    """What ``text`` is: ours (trusted), recognised by an external parser, or untrusted text.

    Raises :class:`InvalidPayload` when it claims to be ours and fails the check.
    """
    return (registry or _DEFAULT_REGISTRY).parse(text)
