"""`python -m childplan rollup --data DIR`: rewrite the rollups a store
needs (childplan.store.rollup): those missing, or written by other
definitions of the measures; with --all, every snapshot's."""

from __future__ import annotations

import sys
import time

from childplan.store.snapshots import Store


def run(args) -> int:
    store = Store.open(args.data)
    stale = store.stale_rollups()
    if not stale and not args.all:
        print(f"Số liệu tổng hợp của mọi kỳ chốt trong '{store.root}' đã đúng.")
        return 0
    start = time.perf_counter()
    done = store.rebuild_rollups(every=args.all)
    took = f"{time.perf_counter() - start:.1f}".replace(".", ",")  # 1,3 giây
    days = ", ".join(f"{d:%d/%m/%Y}" for d in done[:3])
    more = f" và {len(done) - 3} kỳ khác" if len(done) > 3 else ""
    print(
        f"Đã tính lại số liệu tổng hợp của {len(done)} kỳ chốt ({days}{more}) "
        f"trong '{store.root}' ({took} giây)."
    )
    problems = store.scan()[1]
    if problems:
        print(
            f"{len(problems)} kỳ chốt không đọc được nên không tính: "
            + "; ".join(f"{p.snapshot_date}: {p.reason}" for p in problems),
            file=sys.stderr,
        )
        return 1
    return 0
