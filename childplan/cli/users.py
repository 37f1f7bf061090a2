"""`python -m childplan users add|remove|passwd|list`: manage login accounts.

The password is read with getpass (asked twice, never echoed) on a
terminal, or as the first line of standard input otherwise, so a script or a
test can pipe it in. It is never printed nor passed on the command line
(where other users of the machine could read it in the process list).
"""

from __future__ import annotations

import getpass
import sys

from childplan.access.auth import AuthError, UserFile


def _read_password(prompt: str = "Mật khẩu: ") -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại mật khẩu: ") != first:
            raise AuthError("Hai lần nhập mật khẩu không khớp. Hãy chạy lại lệnh.")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise AuthError(
            "Không đọc được mật khẩu: hãy nhập nó khi được hỏi "
            "hoặc đưa vào đầu vào chuẩn (một dòng)."
        )
    return line.rstrip("\r\n")


def run(args) -> int:
    users = UserFile(args.users_file)
    try:
        if args.action == "list":
            accounts = users.list()
            if not accounts:
                print(f"Chưa có tài khoản nào trong {users.path}.")
            for user in accounts:
                print(f"{user.username}\t{user.role}")
            return 0
        if not args.username:
            raise AuthError(f"Thiếu tên đăng nhập: 'users {args.action} TÊN'.")
        if args.action == "add":
            if not args.role:
                raise AuthError(
                    "Thiếu vai trò: thêm --role leader, --role "
                    "officer hoặc --role admin."
                )
            user = users.add(args.username, args.role, _read_password())
            print(
                f"Đã tạo tài khoản '{user.username}' (vai trò {user.role}) "
                f"trong {users.path}."
            )
        elif args.action == "remove":
            users.remove(args.username)
            print(f"Đã xóa tài khoản '{args.username}'.")
        elif args.action == "passwd":
            if users.get(args.username) is None:
                raise AuthError(
                    f"Không có tài khoản '{args.username}' trong {users.path}."
                )
            users.set_password(args.username, _read_password("Mật khẩu mới: "))
            print(f"Đã đổi mật khẩu của '{args.username}'.")
        return 0
    except AuthError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
