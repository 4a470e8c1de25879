"""An answer reported saved survives the process being killed the moment after.

SIGKILL skips every exit handler and Python-level buffer, so only what SQLite committed is
left. (It cannot simulate a power cut: that is what ``synchronous=FULL`` is for, and
test_database checks that it is set.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk.storage.database import DB_FILENAME, Store
from kiosk.storage.drafts_repo import Draft, Drafts
from kiosk.storage.encryption import StorageKey

REPO_ROOT = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.storage.database import Store
    from kiosk.storage.drafts_repo import Drafts
    from kiosk.storage.encryption import StorageKey

    store = Store.open(Path(sys.argv[1]), key=StorageKey(bytes.fromhex(sys.argv[3]), source="t"))
    drafts = Drafts(store)
    n = 0
    while True:
        n += 1
        drafts.save_answer(sys.argv[2], f"field{n}", {"n": n, "text": "答案" * 20})
        print(f"saved {n}", flush=True)
    """
)


def test_answers_reported_saved_survive_sigkill(
    store: Store, new_draft: object, data_dir: Path, storage_key: StorageKey
) -> None:
    draft: Draft = new_draft()  # type: ignore[operator]
    store.close()
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            str(data_dir / DB_FILENAME),
            draft.draft_id,
            storage_key.secret.hex(),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    reported = 0
    try:
        assert child.stdout is not None
        for line in child.stdout:
            reported = int(line.split()[1])
            if reported >= 300:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert reported >= 300

    reopened = Store.open(data_dir / DB_FILENAME, key=storage_key)
    try:
        answers = Drafts(reopened).answers(draft.draft_id)
    finally:
        reopened.close()
    missing = [n for n in range(1, reported + 1) if f"field{n}" not in answers]
    assert missing == []
    assert answers[f"field{reported}"] == {"n": reported, "text": "答案" * 20}
