"""A process that writes to a progress store and acknowledges each change.

Used by the durability tests, which kill it at random moments (kill -9) or
run several at once. Prints `ack N` after change N has been committed.

    python store_worker.py STORE PREFIX COUNT [--timeout SECONDS]
"""

from __future__ import annotations

import sys
from pathlib import Path

from confplan.progress.store import ProgressStore


def change(store: ProgressStore, prefix: str, i: int) -> None:
    """Change number i: a fixed, checkable effect on session `{prefix}-{i // 4}`."""
    session = f"{prefix}-{i // 4}"
    step = i % 4
    if step == 0:
        store.watch("cat", [session])
    elif step == 1:
        store.mark("cat", session, "in-progress", position_s=i)
    elif step == 2:
        store.rate("cat", session, 1 + i % 5)
    else:
        store.note("cat", session, f"note {i}")


def main() -> int:
    path, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    timeout = float(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--timeout" else 10.0
    with ProgressStore(path, timeout=timeout) as store:
        print("open", flush=True)
        for i in range(count):
            change(store, prefix, i)
            print(f"ack {i}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
