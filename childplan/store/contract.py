"""The data contract (docs/data-contract.md) stated once, as data.

Ingest validates against it, the simulator writes it, the store derives its
Parquet schemas from it and the tests build snapshots with it. Nothing else
in the project may restate a table, a column, a type or a code list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

ARROW_TYPES = {
    "text": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "sex": pa.string(),
    "int": pa.int32(),
    "number": pa.float64(),
    "code": pa.string(),
    "special_groups": pa.string(),
}

# Accepted spellings, lower-cased after trimming.
BOOL_TRUE = frozenset({"true", "1", "yes", "y", "có", "co", "x"})
BOOL_FALSE = frozenset({"false", "0", "no", "n", "không", "khong"})
SEX_VALUES = {
    "m": "M",
    "nam": "M",
    "male": "M",
    "f": "F",
    "nữ": "F",
    "nu": "F",
    "female": "F",
}

# Law on Children 2016, Art. 10: 14 groups, Vietnamese letter order.
SPECIAL_GROUP_CODES = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
)
SPECIAL_GROUP_ALIASES = {"dd": "đ"}
DISABILITY_CODE = "d"

INCIDENT_KINDS = ("injury", "abuse", "labour", "trafficking", "hiv")
# Commune injury report order: report codes 01..11 map to these, in order.
INJURY_CAUSES = (
    "fall",
    "burn",
    "traffic",
    "poisoning",
    "cut",
    "suffocation",
    "animal",
    "drowning",
    "explosive",
    "electric",
    "other",
)
ABUSE_CAUSES = ("violence", "sexual", "exploitation", "neglect", "other")
CAUSES_BY_KIND = {"injury": INJURY_CAUSES, "abuse": ABUSE_CAUSES}
PLACES = ("home", "school", "community")
OFFICER_LEVELS = ("town", "group")
POLICY_LEVELS = ("district", "town")

# The longest residential-group name ingest accepts: a label on a chart, a
# filter and a file name, never a paragraph (docs/data-contract.md); a
# policy's title (trích yếu) may be a long sentence.
NAME_MAX_LENGTH = 100
TITLE_MAX_LENGTH = 300

MAX_CHILD_AGE = 15  # a child is under 16 (Law on Children, Art. 1)
CRITERIA = range(1, 14)  # Decision 06/QĐ-TTg: 13 criteria

# Columns that identify a person directly: never stored (Privacy). Matched
# on the normalised header (lower case, no diacritics, '_' for separators).
IDENTIFIER_COLUMNS = frozenset(
    {
        "full_name",
        "name",
        "child_name",
        "ho_ten",
        "ho_va_ten",
        "ten",
        "ten_tre",
        "ho_ten_tre",
        "father_name",
        "mother_name",
        "parent_name",
        "guardian_name",
        "caregiver_name",
        "ho_ten_cha",
        "ho_ten_me",
        "ten_cha",
        "ten_me",
        "nguoi_giam_ho",
        "ho_ten_nguoi_giam_ho",
        "ten_nguoi_giam_ho",
        "ho_ten_cha_me",
        "national_id",
        "so_dinh_danh",
        "so_dinh_danh_ca_nhan",
        "cccd",
        "so_cccd",
        "cmnd",
        "so_cmnd",
        "ma_dinh_danh",
        "id_number",
        "phone",
        "phone_number",
        "telephone",
        "mobile",
        "so_dien_thoai",
        "sdt",
        "dien_thoai",
        "address",
        "street_address",
        "home_address",
        "dia_chi",
        "noi_o",
        "cho_o",
        "dia_chi_thuong_tru",
        "email",
    }
)
# Of those, the ones that may stand in for child_id (hashed with a key).
NATIONAL_ID_COLUMNS = (
    "national_id",
    "so_dinh_danh",
    "so_dinh_danh_ca_nhan",
    "cccd",
    "so_cccd",
    "ma_dinh_danh",
    "id_number",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] = ()
    # Required only in rows meeting a condition, stated as (column, values).
    required_when: tuple[str, tuple[str, ...]] | None = None
    label_vi: str = ""
    # text: the most characters a cell may hold (None: no limit). Every text
    # cell is refused with an invisible or control character (ingest).
    max_length: int | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.kind]


@dataclass(frozen=True)
class Table:
    name: str
    required: bool
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()  # key columns, unique together
    min_rows: int = 0
    label_vi: str = ""
    extra: dict = field(default_factory=dict)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def arrow_schema(self) -> pa.Schema:
        """Stored schema: the contract columns plus the snapshot date."""
        fields = [pa.field("snapshot_date", pa.date32(), nullable=False)]
        fields += [pa.field(c.name, c.arrow_type) for c in self.columns]
        return pa.schema(fields)


C = Column
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "residential_groups",
            required=True,
            min_rows=1,
            label_vi="Tổ dân phố",
            unique=("residential_group",),
            columns=(
                C(
                    "residential_group",
                    "text",
                    True,
                    label_vi="Tổ dân phố",
                    max_length=NAME_MAX_LENGTH,
                ),
            ),
        ),
        Table(
            "children",
            required=True,
            min_rows=1,
            label_vi="Trẻ em",
            unique=("child_id",),
            columns=(
                C("child_id", "text", True, label_vi="Mã trẻ em"),
                C("household_id", "text", True, label_vi="Mã hộ gia đình"),
                C(
                    "residential_group",
                    "text",
                    True,
                    label_vi="Tổ dân phố",
                    max_length=NAME_MAX_LENGTH,
                ),
                C("sex", "sex", True, label_vi="Giới tính"),
                C("birth_date", "date", True, label_vi="Ngày sinh"),
                C(
                    "special_groups",
                    "special_groups",
                    codes=SPECIAL_GROUP_CODES,
                    label_vi="Nhóm HCĐB",
                ),
                C("special_supported", "bool", label_vi="Được trợ giúp"),
                C(
                    "disability_services",
                    "bool",
                    label_vi="Tiếp cận dịch vụ (khuyết tật)",
                ),
                C(
                    "disability_integration",
                    "bool",
                    label_vi="Kỹ năng hòa nhập (khuyết tật)",
                ),
                C("ecd_services", "bool", label_vi="Dịch vụ phát triển toàn diện"),
                C("consulted", "bool", label_vi="Được hỏi ý kiến"),
            ),
        ),
        Table(
            "households",
            required=False,
            label_vi="Hộ gia đình",
            unique=("household_id",),
            columns=(
                C("household_id", "text", True, label_vi="Mã hộ gia đình"),
                C(
                    "residential_group",
                    "text",
                    True,
                    label_vi="Tổ dân phố",
                    max_length=NAME_MAX_LENGTH,
                ),
                C("protection_knowledge", "bool", label_vi="Kiến thức bảo vệ trẻ em"),
                C(
                    "labour_info",
                    "bool",
                    label_vi="Thông tin phòng ngừa lao động trẻ em",
                ),
                C("ecd_knowledge", "bool", label_vi="Kiến thức chăm sóc trẻ nhỏ"),
                C(
                    "disability_knowledge",
                    "bool",
                    label_vi="Kiến thức hỗ trợ trẻ khuyết tật",
                ),
            ),
        ),
        Table(
            "incidents",
            required=True,
            label_vi="Vụ việc",
            unique=("incident_id",),
            columns=(
                C("incident_id", "text", True, label_vi="Mã vụ việc"),
                C("child_id", "text", label_vi="Mã trẻ em"),
                C(
                    "residential_group",
                    "text",
                    True,
                    label_vi="Tổ dân phố",
                    max_length=NAME_MAX_LENGTH,
                ),
                C("sex", "sex", True, label_vi="Giới tính"),
                C("age", "int", True, label_vi="Tuổi"),
                C("kind", "code", True, codes=INCIDENT_KINDS, label_vi="Loại"),
                C(
                    "cause",
                    "code",
                    codes=INJURY_CAUSES + ABUSE_CAUSES,
                    required_when=("kind", ("injury", "abuse")),
                    label_vi="Nguyên nhân",
                ),
                C("place", "code", codes=PLACES, label_vi="Nơi xảy ra"),
                C("occurred_on", "date", True, label_vi="Ngày xảy ra"),
                C("reported_on", "date", label_vi="Ngày thông báo"),
                C(
                    "fatal",
                    "bool",
                    required_when=("kind", ("injury",)),
                    label_vi="Tử vong",
                ),
                C("supported_timely", "bool", label_vi="Được hỗ trợ kịp thời"),
            ),
        ),
        Table(
            "officers",
            required=False,
            label_vi="Cán bộ",
            unique=("officer_id",),
            columns=(
                C("officer_id", "text", True, label_vi="Mã cán bộ"),
                C("level", "code", True, codes=OFFICER_LEVELS, label_vi="Cấp"),
                C(
                    "residential_group",
                    "text",
                    required_when=("level", ("group",)),
                    label_vi="Tổ dân phố",
                    max_length=NAME_MAX_LENGTH,
                ),
                C("trained", "bool", label_vi="Được tập huấn"),
            ),
        ),
        Table(
            "policies",
            required=False,
            label_vi="Chính sách",
            unique=("policy_id",),
            columns=(
                C("policy_id", "text", True, label_vi="Mã chính sách"),
                C("issued_on", "date", True, label_vi="Ngày ban hành"),
                C("level", "code", True, codes=POLICY_LEVELS, label_vi="Cấp"),
                C(
                    "title",
                    "text",
                    True,
                    label_vi="Tên văn bản",
                    max_length=TITLE_MAX_LENGTH,
                ),
                C("children_consulted", "bool", label_vi="Có tham vấn trẻ em"),
            ),
        ),
        Table(
            "assessments",
            required=False,
            label_vi="Đánh giá xã phù hợp với trẻ em",
            unique=("year", "criterion"),
            columns=(
                C("year", "int", True, label_vi="Năm"),
                C("criterion", "int", True, label_vi="Tiêu chí"),
                C("score", "number", True, label_vi="Điểm"),
            ),
        ),
    )
}
del C

TABLE_NAMES = tuple(TABLES)
REQUIRED_TABLES = tuple(n for n, t in TABLES.items() if t.required)
# Tables whose rows carry a residential group (the group filter applies).
GROUPED_TABLES = ("children", "households", "incidents", "officers")


def cause_from_report_code(value: str) -> str | None:
    """'01'..'11' (the commune injury report) to the cause name, else None."""
    if value.isdigit() and 1 <= int(value) <= len(INJURY_CAUSES):
        return INJURY_CAUSES[int(value) - 1]
    return None
