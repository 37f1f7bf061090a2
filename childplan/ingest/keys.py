"""The key that turns a national ID into a pseudonymous, stable child_id.

child_id = 'c_' + the first 20 hex digits of HMAC-SHA256(key, national ID).
The key lives outside the repository and outside the store (--key-file,
else $CHILDPLAN_KEY_FILE, else ~/.config/childplan/id-key). A new key is
made in memory and written (mode 0600) only when a snapshot is published,
so a refused ingest leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from childplan.paths import REPO_DIR, private_dir, private_open

KEY_ENV = "CHILDPLAN_KEY_FILE"
DEFAULT_KEY_FILE = Path("~/.config/childplan/id-key")
KEY_BYTES = 32
MIN_KEY_BYTES = 16
ID_HEX_DIGITS = 20  # 80 bits: no collision among a town's children


class KeyFileError(Exception):
    """The key file cannot be used; the message says what to do."""


@dataclass
class IdKey:
    path: Path
    secret: bytes
    is_new: bool

    def child_id(self, national_id: str) -> str:
        digest = hmac.new(
            self.secret, national_id.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        return "c_" + digest[:ID_HEX_DIGITS]

    def save(self) -> None:
        """Write a new key, readable by its owner only; never overwrite."""
        if not self.is_new:
            return
        try:
            private_dir(self.path.parent)
            fd = private_open(self.path, os.O_WRONLY | os.O_EXCL)
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.secret)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise KeyFileError(
                f"Không tạo được tệp khóa '{self.path}': {exc.strerror or exc}. "
                "Hãy chọn chỗ khác bằng --key-file."
            ) from exc
        self.is_new = False


def key_path(key_file: str | os.PathLike | None = None) -> Path:
    if key_file:
        return Path(key_file).expanduser()
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV]).expanduser()
    return DEFAULT_KEY_FILE.expanduser()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def load_key(
    key_file: str | os.PathLike | None = None, forbidden: tuple[Path, ...] = ()
) -> IdKey:
    """The key at the resolved path, or a new one (not yet written)."""
    path = key_path(key_file)
    for folder in (REPO_DIR, *forbidden):
        if _inside(path, folder):
            raise KeyFileError(
                f"Tệp khóa '{path}' nằm trong thư mục '{folder}'. Khóa băm mã "
                "định danh phải để ngoài thư mục dự án và kho dữ liệu: dùng "
                "--key-file với một đường dẫn khác (mặc định "
                "~/.config/childplan/id-key)."
            )
    if not path.exists():
        return IdKey(path, secrets.token_bytes(KEY_BYTES), is_new=True)
    try:
        secret = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(
            f"Không đọc được tệp khóa '{path}': {exc.strerror or exc}."
        ) from exc
    # A key typed by hand as hex is accepted too.
    text = secret.strip()
    if re.fullmatch(rb"[0-9a-fA-F]{32,}", text) and len(text) % 2 == 0:
        secret = bytes.fromhex(text.decode("ascii"))
    if len(secret) < MIN_KEY_BYTES:
        raise KeyFileError(
            f"Tệp khóa '{path}' quá ngắn ({len(secret)} byte, cần ít nhất "
            f"{MIN_KEY_BYTES}). Nếu đây là lần nạp đầu tiên, hãy xóa tệp để "
            "tạo khóa mới; nếu đã từng nạp, hãy khôi phục tệp khóa cũ để mã "
            "trẻ em giữ nguyên giữa các lần nạp."
        )
    return IdKey(path, secret, is_new=False)
