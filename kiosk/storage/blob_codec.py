"""How material bytes are turned into file bytes and back: the file-encryption seam.

Material files are addressed by the SHA-256 of their *plaintext*, so the encrypting codec
(:class:`kiosk.storage.encryption.AesGcmCodec`, used beside every keyed store) changes no
address, and the hash check on read proves that the decoded bytes are the ones stored.
"""

from __future__ import annotations

from typing import Protocol


class BlobCodec(Protocol):
    def encode(self, data: bytes) -> bytes: ...

    def decode(self, data: bytes) -> bytes: ...


class IdentityCodec:
    """Stores bytes as they are: only beside a plain store (tests of the store's mechanics)."""

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return data
