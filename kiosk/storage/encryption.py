"""Encryption at rest: the storage key, the SQLCipher connector, the material-file codec.

Everything the kiosk keeps about a person lives in the SQLite file and the material files, so
both are encrypted: the database page by page with SQLCipher 4 (AES-256, the WAL included),
each material file with AES-256-GCM. One 32-byte storage key is the root; HKDF-SHA256 derives
a separate key for each use, so the database key never encrypts a file.

Where the key comes from, first match wins (``kiosk doctor`` shows which):

1. ``$CREDENTIALS_DIRECTORY/kiosk-storage-key``: a systemd credential. With
   ``LoadCredentialEncrypted=`` and ``systemd-creds encrypt --with-key=tpm2`` the key is sealed
   to the kiosk's TPM: a disk or SD card taken out of the machine cannot be read anywhere else.
   This is the production set-up (docs/security.md).
2. ``$KIOSK_STORAGE_KEY_FILE``: a key file the operator keeps elsewhere (another medium). It
   must exist; the kiosk never creates it.
3. ``<data_dir>/storage.key`` (mode 0600), created with a new store. It keeps the data safe in
   backups and copies of the database, but not from someone holding the whole disk: that is
   what 1. is for.

A key is only ever created together with a new, empty store: a missing key beside an existing
encrypted store is an error, never a reason to start over.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.i18n import tr
from kiosk.storage.connectors import key_literal
from kiosk.storage.errors import StorageKeyError
from kiosk.storage.files import create_exclusive, fsync_dir, write_atomic

KEY_BYTES = 32
CREDENTIAL_NAME = "kiosk-storage-key"
ENV_KEY_FILE = "KIOSK_STORAGE_KEY_FILE"
KEY_FILENAME = "storage.key"

# A plaintext SQLite file starts with these 16 bytes; a SQLCipher file starts with its salt.
_PLAIN_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, repr=False)
class StorageKey:
    """The root key, and where it was found (for ``kiosk doctor``; never the key itself)."""

    secret: bytes
    source: str

    def __post_init__(self) -> None:
        if len(self.secret) != KEY_BYTES:
            raise ValueError(f"storage key must be {KEY_BYTES} bytes")

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose (``database``, ``materials``)."""
        return HKDF(
            algorithm=hashes.SHA256(),
            length=KEY_BYTES,
            salt=b"zhengwu-kiosk storage v1",
            info=purpose.encode("ascii"),
        ).derive(self.secret)

    @property
    def fingerprint(self) -> str:
        """Eight hex digits that tell two keys apart without revealing either."""
        return hmac.new(self.secret, b"fingerprint", hashlib.sha256).hexdigest()[:8]

    def __repr__(self) -> str:
        return f"StorageKey(source={self.source!r}, fingerprint={self.fingerprint})"


def load_storage_key(
    data_dir: Path, *, store_exists: bool, environ: Mapping[str, str] = os.environ
) -> StorageKey:
    """Find the storage key (see the module docstring); create the default one only for a
    store that does not exist yet."""
    credentials = environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / CREDENTIAL_NAME).is_file():
        path = Path(credentials) / CREDENTIAL_NAME
        return StorageKey(_read_key(path), source=f"systemd credential {CREDENTIAL_NAME}")
    if environ.get(ENV_KEY_FILE):
        path = Path(environ[ENV_KEY_FILE])
        if not path.is_file():
            raise StorageKeyError(
                tr("找不到本机数据密钥，请联系工作人员。"),
                detail=f"{ENV_KEY_FILE} names a file that does not exist",
            )
        return StorageKey(_read_key(path), source=f"key file from {ENV_KEY_FILE}")
    path = Path(data_dir) / KEY_FILENAME
    if not path.exists():
        if store_exists:
            raise StorageKeyError(
                tr("本机数据密钥丢失，数据无法打开，请联系工作人员。"),
                detail=f"{KEY_FILENAME} is missing beside an existing store",
            )
        # Losing a race to another process is fine: then we read the winner's key.
        create_exclusive(path, secrets.token_bytes(KEY_BYTES), mode=0o600)
    return StorageKey(_read_key(path), source=f"{KEY_FILENAME} in the data directory")


def _read_key(path: Path) -> bytes:
    try:
        secret = path.read_bytes()
    except OSError as error:
        raise StorageKeyError(
            tr("本机数据密钥无法读取，请联系工作人员。"),
            detail=f"storage key unreadable: {type(error).__name__}",
        ) from error
    if len(secret) != KEY_BYTES:
        raise StorageKeyError(
            tr("本机数据密钥已损坏，请联系工作人员。"),
            detail=f"storage key has {len(secret)} bytes, expected {KEY_BYTES}",
        )
    return secret


class AesGcmCodec:
    """Material files as ``KMAT1 | 12-byte nonce | AES-256-GCM ciphertext and tag``.

    Content addresses stay the SHA-256 of the plaintext (see :mod:`kiosk.storage.blob_codec`);
    the tag makes any change to a file, or a file encrypted under another key, fail to decode.
    """

    MAGIC = b"KMAT1"

    def __init__(self, key: StorageKey) -> None:
        self._aead = AESGCM(key.derive("materials"))

    def encode(self, data: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return self.MAGIC + nonce + self._aead.encrypt(nonce, data, self.MAGIC)

    def decode(self, data: bytes) -> bytes:
        if not data.startswith(self.MAGIC):
            raise ValueError("not an encrypted material file")
        nonce = data[len(self.MAGIC) : len(self.MAGIC) + 12]
        try:
            return self._aead.decrypt(nonce, data[len(self.MAGIC) + 12 :], self.MAGIC)
        except InvalidTag as error:
            raise ValueError("material file fails authentication") from error


def is_plaintext_store(path: Path) -> bool:
    """Whether ``path`` holds an unencrypted SQLite database (from a build before encryption)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_PLAIN_HEADER)) == _PLAIN_HEADER
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def encrypt_plaintext_store(path: Path, key: StorageKey, *, material_root: Path) -> bool:
    """Convert a plaintext store (and its material files) to encrypted, once; True if done.

    The encrypted copy is built beside the file and swapped in by rename, so a power cut leaves
    either the old plaintext store or the new encrypted one, never half of each. Material files
    are re-encoded first; a conversion cut short is repeated on the next start (files already
    encrypted are skipped), and the store is swapped only after every file is done.
    """
    with _exclusive(path.with_name(path.name + ".lock")):
        if not is_plaintext_store(path):
            return False
        codec = AesGcmCodec(key)
        if material_root.is_dir():
            _encrypt_material_files(material_root, codec)
        target = path.with_name(path.name + ".encrypting")
        target.unlink(missing_ok=True)
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        plain = sqlcipher3.connect(str(path))
        try:
            plain.isolation_level = None
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            version = plain.execute("PRAGMA user_version").fetchone()[0]
            plain.execute(
                f"ATTACH DATABASE ? AS encrypted KEY {key_literal(key.derive('database'))}",
                (str(target),),
            )
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            plain.execute("DETACH DATABASE encrypted")
        finally:
            plain.close()
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(target, path)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        fsync_dir(path.parent)
        return True


def _encrypt_material_files(root: Path, codec: AesGcmCodec) -> None:
    for file in root.glob("*/*"):
        if file.name.startswith(".") or not file.is_file():
            continue
        data = file.read_bytes()
        if data.startswith(AesGcmCodec.MAGIC):
            continue
        write_atomic(file, codec.encode(data))
