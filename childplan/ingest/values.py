"""Cell parsers for ingest: one accepted spelling table per contract kind.

Each parser takes a cleaned, non-empty cell (a trimmed NFC string, or the
native value of an .xlsx cell) and returns the canonical stored value, or
raises ``BadValue`` whose text is the rule broken, in Vietnamese. The rule
text is the same for every row that breaks it, so problems group by it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from childplan.store.contract import (
    BOOL_FALSE,
    BOOL_TRUE,
    SEX_VALUES,
    SPECIAL_GROUP_ALIASES,
    SPECIAL_GROUP_CODES,
    cause_from_report_code,
)


class BadValue(Exception):
    """A cell that does not fit its kind; the message is the rule broken,
    `detail` what in this cell breaks it ('U+202E ở vị trí 4')."""

    def __init__(self, rule: str, detail: str | None = None):
        super().__init__(rule)
        self.detail = detail


RULE_DATE_FORMAT = (
    "không đọc được là ngày: ghi theo dạng ngày/tháng/năm "
    "như 31/12/2024, hoặc năm-tháng-ngày như 2024-12-31"
)
RULE_DATE_REAL = (
    "ngày không có trên lịch (ví dụ 29/02 chỉ có ở năm nhuận, tháng 4 không có ngày 31)"
)
RULE_BOOL = (
    "không hiểu là có hay không: ghi 'có' hoặc 'không' (cũng nhận "
    "x, true/false, 1/0, yes/no, y/n); để trống nếu chưa biết"
)
RULE_SEX = "giới tính không hợp lệ: ghi Nam hoặc Nữ (cũng nhận M/F, male/female)"
RULE_INT = "phải là một số nguyên (ví dụ 7)"
RULE_INT_RANGE = "số quá lớn hoặc quá nhỏ"
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
RULE_NUMBER = "phải là một số (ví dụ 85 hoặc 85,5)"
RULE_SPECIAL_GROUPS = (
    "nhóm hoàn cảnh đặc biệt không hợp lệ: chỉ dùng các chữ "
    + " ".join(SPECIAL_GROUP_CODES)
    + " (Điều 10 Luật Trẻ em; 'dd' được hiểu là 'đ'), nhiều nhóm thì cách "
    "nhau bằng dấu chấm phẩy, ví dụ a;d"
)

RULE_INVISIBLE = (
    "có ký tự ẩn hoặc ký tự điều khiển (khoảng trắng độ rộng 0, ký tự đổi "
    "chiều chữ, tab, xuống dòng…), thường lẫn vào khi sao chép từ nơi khác; "
    "hãy xóa ô này và gõ lại"
)
# Unicode categories refused inside text: controls (tab, line feed, ...),
# formats (zero-width space, joiners, U+FEFF, the bidi controls U+202A-E
# and U+2066-9, U+200E/F), line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
SHOWN_POSITIONS = 3  # invisible characters named per cell

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
# Day and month may have one digit (Excel writes 5/3/2024): the order is
# still day/month/year, so nothing is ambiguous.
_DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", re.ASCII)
_INT = re.compile(r"^[+-]?\d+$", re.ASCII)
# Decimal point, or a Vietnamese decimal comma with one or two decimals
# ("85,5"). "1,000" is refused rather than guessed.
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d+)?|\d+,\d{1,2}|\.\d+)$", re.ASCII)


def clean(cell: object) -> object:
    """Trim and NFC a text cell; None for an empty one; others unchanged."""
    if cell is None:
        return None
    if isinstance(cell, str):
        text = unicodedata.normalize("NFC", cell).strip()
        return text or None
    if isinstance(cell, float) and math.isnan(cell):
        return None
    return cell


def show(cell: object) -> str:
    """A cell as the user sees it, for messages; an invisible or control
    character as its code point ('Bắc<U+202E>Hưng'), so a message never
    hides it or turns round the text after it."""
    if isinstance(cell, dt.datetime):
        if cell.time() == dt.time(0):
            return f"{cell:%d/%m/%Y}"
        return f"{cell:%d/%m/%Y %H:%M}"
    if isinstance(cell, dt.date):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "".join(f"<{code_point(c)}>" if _invisible(c) else c for c in str(cell))


def code_point(char: str) -> str:
    """'\u202e' -> 'U+202E'."""
    return f"U+{ord(char):04X}"


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in INVISIBLE_CATEGORIES


def check_text(text: str, max_length: int | None) -> str:
    """A text cell as stored, or BadValue: no invisible or control
    character anywhere in it, at most `max_length` characters."""
    found = [(i, c) for i, c in enumerate(text, 1) if _invisible(c)]
    if found:
        detail = ", ".join(
            f"{code_point(c)} ở vị trí {i}" for i, c in found[:SHOWN_POSITIONS]
        )
        if len(found) > SHOWN_POSITIONS:
            detail += f" và {len(found) - SHOWN_POSITIONS} ký tự khác"
        raise BadValue(RULE_INVISIBLE, detail)
    if max_length is not None and len(text) > max_length:
        raise BadValue(
            f"dài quá {max_length} ký tự: hãy viết gọn lại", f"{len(text)} ký tự"
        )
    return text


def parse_text(cell: object) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # Excel keeps codes like 12 as numbers
    if isinstance(cell, dt.datetime) and cell.time() == dt.time(0):
        return cell.date().isoformat()
    return str(cell)


def parse_date(cell: object) -> dt.date:
    if isinstance(cell, dt.datetime):  # an .xlsx date cell
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if not isinstance(cell, str):
        raise BadValue(RULE_DATE_FORMAT)
    if m := _ISO_DATE.match(cell):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY_DATE.match(cell):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise BadValue(RULE_DATE_FORMAT)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(RULE_DATE_REAL) from None


def parse_bool(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    text = str(cell).lower()
    if text in BOOL_TRUE:
        return True
    if text in BOOL_FALSE:
        return False
    raise BadValue(RULE_BOOL)


def parse_sex(cell: object) -> str:
    sex = SEX_VALUES.get(str(cell).lower())
    if sex is None:
        raise BadValue(RULE_SEX)
    return sex


def parse_int(cell: object) -> int:
    if isinstance(cell, bool):
        raise BadValue(RULE_INT)
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float) and cell.is_integer():
        value = int(cell)
    elif isinstance(cell, str) and _INT.match(cell):
        value = int(cell)
    else:
        raise BadValue(RULE_INT)
    if not INT_MIN <= value <= INT_MAX:  # the stored type is int32
        raise BadValue(RULE_INT_RANGE)
    return value


def parse_number(cell: object) -> float:
    if isinstance(cell, bool):
        raise BadValue(RULE_NUMBER)
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise BadValue(RULE_NUMBER)
        return float(cell)
    if isinstance(cell, str) and _NUMBER.match(cell):
        return float(cell.replace(",", "."))
    raise BadValue(RULE_NUMBER)


def code_rule(codes: tuple[str, ...], with_report_codes: bool = False) -> str:
    rule = "giá trị không có trong danh sách: " + ", ".join(codes)
    if with_report_codes:
        rule += " (hoặc mã báo cáo thương tích 01–11)"
    return rule


def parse_code(cell: object, codes: tuple[str, ...], report_codes: bool = False) -> str:
    """A code, case-insensitive; optionally injury report codes 01..11."""
    text = parse_text(cell).lower()
    if (
        report_codes
        and text.isascii()
        and (cause := cause_from_report_code(text)) is not None
    ):
        text = cause
    if text not in codes:
        raise BadValue(code_rule(codes, report_codes))
    return text


def parse_special_groups(cell: object) -> str | None:
    """'a; D;dd' -> 'a;d;đ'. Whitespace around each letter and empty parts
    (';;', a trailing ';') are tolerated; anything else is refused."""
    letters = set()
    for part in parse_text(cell).split(";"):
        part = part.strip().lower()
        if not part:
            continue
        part = SPECIAL_GROUP_ALIASES.get(part, part)
        if part not in SPECIAL_GROUP_CODES:
            raise BadValue(RULE_SPECIAL_GROUPS)
        letters.add(part)
    if not letters:
        return None
    return ";".join(c for c in SPECIAL_GROUP_CODES if c in letters)


PARSERS = {
    "text": parse_text,
    "date": parse_date,
    "bool": parse_bool,
    "sex": parse_sex,
    "int": parse_int,
    "number": parse_number,
}
