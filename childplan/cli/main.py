"""Command-line entry points: argument parsing only, the work is elsewhere.

Every command exits 0 on success, 1 on a problem the user must fix (the
message, in Vietnamese and naming what to fix, goes to standard error) and
never shows a traceback for bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from childplan.store.db import RollupsStale
from childplan.store.snapshots import StoreError

# command -> module whose run(args) does the work
COMMANDS = {
    "ingest": "childplan.ingest.checks",
    "simulate": "childplan.sample.simulate",
    "indicators": "childplan.cli.report",
    "scorecard": "childplan.cli.report",
    "users": "childplan.cli.users",
    "audit": "childplan.cli.audit",
    "rollup": "childplan.cli.rollup",
}


EXACT_FIGURES = (
    "Lưu ý: các lệnh indicators và scorecard in số liệu CHÍNH XÁC theo từng "
    "tổ dân phố, kể cả số nhỏ (không ẩn như trên bảng điều khiển). Chỉ dành "
    "cho người vận hành máy chủ; quyền truy cập tệp (kho số liệu 0700) bảo vệ "
    "chúng. / The indicators and scorecard commands print EXACT figures by "
    "residential group, small counts included: for the server's operators, "
    "whose file permissions protect them."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m childplan",
        description="Theo dõi kế hoạch công tác trẻ em — Thị trấn Thắng",
        epilog=EXACT_FIGURES,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="nạp số liệu một kỳ chốt của sổ theo dõi vào kho")
    p.add_argument("source", help="thư mục các tệp CSV hoặc một tệp .xlsx")
    p.add_argument(
        "--snapshot",
        required=True,
        metavar="YYYY-MM-DD",
        help="ngày chốt số liệu",
    )
    p.add_argument("--data", metavar="DIR", help="thư mục kho dữ liệu")
    p.add_argument(
        "--replace", action="store_true", help="thay thế số liệu đã chốt cùng ngày"
    )
    p.add_argument(
        "--key-file",
        metavar="FILE",
        help="khóa băm mã định danh (mặc định ~/.config/childplan/id-key)",
    )

    p = sub.add_parser("simulate", help="tạo dữ liệu mô phỏng một thị trấn")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--children", type=int, default=4800)
    p.add_argument("--groups", type=int, default=16)
    p.add_argument("--start", default="2021-01", metavar="YYYY-MM")
    p.add_argument("--end", default="2024-12", metavar="YYYY-MM")
    p.add_argument("--seed", type=int, default=2024)

    for name, help_ in (
        ("indicators", "mọi chỉ tiêu ở mọi kỳ chốt số liệu, dạng CSV"),
        ("scorecard", "bảng tổng hợp chỉ tiêu của một năm"),
    ):
        p = sub.add_parser(
            name, help=help_ + " (số chính xác theo tổ)", epilog=EXACT_FIGURES
        )
        p.add_argument("--data", metavar="DIR")
        p.add_argument(
            "--group",
            action="append",
            default=[],
            metavar="NAME",
            help="tổ dân phố (lặp lại để chọn nhiều tổ)",
        )
        p.add_argument("--plan", metavar="FILE", help="tệp kế hoạch (mặc định plans/)")
        p.add_argument(
            "--raw",
            action="store_true",
            help="tính lại từ từng dòng trẻ em thay vì từ số liệu tổng hợp "
            "(rollup) của từng kỳ: đường kiểm tra, kết quả phải y hệt",
        )
        if name == "indicators":
            p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
            p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
        else:
            p.add_argument("--year", type=int)

    p = sub.add_parser(
        "rollup",
        help="tính lại số liệu tổng hợp (rollup) của các kỳ chốt còn thiếu hoặc cũ",
    )
    p.add_argument("--data", metavar="DIR", help="thư mục kho dữ liệu")
    p.add_argument(
        "--all", action="store_true", help="tính lại cho mọi kỳ chốt, kể cả kỳ đã đúng"
    )

    p = sub.add_parser("users", help="quản lý tài khoản đăng nhập")
    p.add_argument("action", choices=["add", "remove", "passwd", "list"])
    p.add_argument("username", nargs="?")
    p.add_argument("--role", choices=["leader", "officer", "admin"])
    p.add_argument("--users-file", metavar="FILE")

    p = sub.add_parser(
        "audit",
        help="kiểm tra nhật ký đăng nhập và tải tệp chưa bị sửa hay xóa dòng",
    )
    p.add_argument("action", choices=["verify"])
    p.add_argument(
        "--log",
        metavar="FILE",
        help="tệp nhật ký (mặc định $CHILDPLAN_AUDIT_LOG, hoặc local/audit.jsonl)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(COMMANDS[args.command])
    try:
        return module.run(args) or 0
    except (StoreError, RollupsStale) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
