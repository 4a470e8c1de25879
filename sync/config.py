"""Tunables of the sync client, with the values a village kiosk needs by default.

Tests and benchmarks shrink the times; nothing here switches TLS verification off (there is
no such setting: ``ca_bundle`` adds a private CA, it never disables the check).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TransportConfig:
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    """A slow rural link moving a 256 KiB chunk at 64 kbit/s needs about 35 s."""
    gzip_min_bytes: int = 512
    """JSON bodies at least this long are sent gzip-compressed (photos are sent as they are:
    JPEG does not shrink)."""
    ca_bundle: str | None = None
    """A PEM file of the CA that signed the server's certificate, for a private PKI."""
    idle_reconnect_s: float = 4.0
    """A connection idle longer than this is not reused: servers close idle keep-alive
    connections (uvicorn after 5 s), and a request sent into one being closed fails."""


@dataclass(frozen=True)
class SyncConfig:
    transport: TransportConfig = field(default_factory=TransportConfig)
    chunk_bytes: int = 256 * 1024
    """First (and smallest) material upload chunk: what a new or just-cut link is trusted with."""
    max_chunk_bytes: int = 4 * 1024 * 1024
    """Chunks grow up to this on a link that moves them fast (the protocol's limit is 4 MiB)."""
    chunk_target_s: float = 2.0
    """Chunks are sized so one takes about this long: a cut costs at most that much sending
    again, and a fast link is not slowed down by a round trip per 256 KiB."""
    upload_parallel: int = 3
    """Files on the way at once once the link has shown it is fast (chunks grown past
    ``chunk_bytes``); a slow link sends one at a time."""
    batch_items: int = 50
    batch_bytes: int = 1024 * 1024
    """Applications are submitted in batches of at most this many items and bytes."""
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 15 * 60.0
    """Queue-level backoff while the link or server is down."""
    item_backoff_base_s: float = 30.0
    item_backoff_cap_s: float = 6 * 3600.0
    """Per-item backoff when the server refuses one item for now."""
    retry_after_cap_s: float = 3600.0
    """A Retry-After longer than this is treated as this (a typo must not stop a kiosk)."""
    idle_interval_s: float = 300.0
    """With nothing to send, pull status and catalogue this often."""
    probe_timeout_s: float = 5.0
    max_status_pages: int = 50
    """Status pages pulled per pass (100 updates each); the rest come next pass."""
