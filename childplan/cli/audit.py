"""`python -m childplan audit verify [--log FILE]`: is the audit log whole?

Every line of the log carries the SHA-256 of the line before it
(childplan.access.audit); this walks the chain. Exit 0 and ``ok, N
entries`` (and the last line's hash, to note down with the backups: cutting
lines off the end leaves no trace in the chain itself), or exit 1 naming the
first line that does not fit.
"""

from __future__ import annotations

import sys

from childplan.access import audit


def run(args) -> int:
    path = audit.audit_log_path(args.log)
    try:
        count = audit.verify(path)
    except audit.ChainBroken as exc:
        print(
            f"Lỗi: nhật ký {path} đã bị thay đổi: dòng {exc.line} không khớp với "
            f"chuỗi băm (line {exc.line}: {exc.why}).",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(f"Lỗi: không đọc được {path}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    print(f"ok, {count} entries")
    if count:
        with open(path, "rb") as fh:
            last = fh.read().rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
        print(f"sha256 của dòng cuối (last line): {audit.line_hash(last)}")
    return 0
