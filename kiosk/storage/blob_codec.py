"""How material bytes are turned into file bytes and back: the file-encryption seam.

Material files are addressed by the SHA-256 of their *plaintext*, so an encrypting codec can
be introduced later without changing any address, and the hash check on read proves that the
decoded bytes are the ones that were stored.
"""

from __future__ import annotations

from typing import Protocol


class BlobCodec(Protocol):
    def encode(self, data: bytes) -> bytes: ...

    def decode(self, data: bytes) -> bytes: ...


class IdentityCodec:
    """Stores bytes as they are (until whole-device encryption is configured)."""

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        return data
