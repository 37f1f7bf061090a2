"""Every word the dashboard shows, in Vietnamese (default) and English, as data.

Target names and section titles come from the plan file (plans/*.toml); the
rest is here. `t(key, lang, **values)` fills `{placeholders}`; an unknown key
is a KeyError, so a missing translation fails a test instead of showing a key.

One module because every sentence the product shows lives here, and only
here: a translator reads one file, and tests/test_i18n.py checks every entry
in both languages with the same placeholders. Rooms that may not import
present/ (access/: the login gate) are handed `t` by the frame.
"""

from __future__ import annotations

DEFAULT_LANG = "vi"
LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    # --- frame --------------------------------------------------------------
    "app_title": {
        "vi": "Kế hoạch công tác trẻ em — Thị trấn Thắng",
        "en": "Child-affairs plan — Thị trấn Thắng",
    },
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_quality": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    # Short page names for the navigation; the page shows the plan's title.
    "nav_3": {"vi": "Mục 3. Bảo vệ trẻ em", "en": "§3 Child protection"},
    "nav_4": {"vi": "Mục 4. Tai nạn, thương tích", "en": "§4 Injuries"},
    "nav_5": {
        "vi": "Mục 5. Thị trấn phù hợp với trẻ em",
        "en": "§5 Child-friendly town",
    },
    "nav_6": {"vi": "Mục 6. Phòng, chống HIV", "en": "§6 HIV"},
    "nav_7": {"vi": "Mục 7. Phát triển trẻ em đầu đời", "en": "§7 Early childhood"},
    "nav_8": {"vi": "Mục 8. Trẻ em khuyết tật", "en": "§8 Disability"},
    "nav_9": {"vi": "Mục 9. Quyền tham gia", "en": "§9 Participation"},
    "nav_10": {"vi": "Mục 10. Lao động trẻ em", "en": "§10 Child labour"},
    # A section of the plan where a word names it: "Mục 3", not "§3".
    "section_ref": {"vi": "Mục {no}", "en": "§{no}"},
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "groups": {"vi": "Tổ dân phố", "en": "Residential groups"},
    "groups_all": {"vi": "Toàn thị trấn", "en": "Whole town"},
    "groups_help": {
        "vi": "Để trống để xem toàn thị trấn. Chọn tất cả các tổ cũng được "
        "tính là toàn thị trấn (số liệu toàn thị trấn có cả cán bộ cấp thị "
        "trấn, không thuộc tổ nào).",
        "en": "Leave empty for the whole town. Choosing every group is the "
        "whole town too: the town's figures include town-level officers, "
        "who belong to no group.",
    },
    "year": {"vi": "Năm kế hoạch", "en": "Plan year"},
    "period": {"vi": "Thời gian xem xu hướng", "en": "Trend period"},
    "period_help": {
        "vi": "Các kỳ chốt số liệu hiện trên biểu đồ xu hướng.",
        "en": "Snapshots shown on the trend charts.",
    },
    "simulated_banner": {
        "vi": "**Số liệu mô phỏng** — không phải số liệu thật của thị trấn.",
        "en": "**Simulated data** — not the town's real figures.",
    },
    "no_snapshots": {
        "vi": "Kho dữ liệu chưa có kỳ chốt số liệu nào dùng được. Hãy nạp "
        "số liệu bằng lệnh 'python -m childplan ingest'.",
        "en": "The store has no usable snapshot yet. Load data with "
        "'python -m childplan ingest'.",
    },
    "rollups_stale": {
        "vi": "Số liệu tổng hợp (rollup) của {count} kỳ chốt chưa được tính "
        "hoặc được tính theo định nghĩa cũ, nên chưa thể hiển thị các chỉ "
        "tiêu (tránh hiển thị số liệu cũ). Người quản trị máy chủ hãy chạy "
        "lệnh: {command}",
        "en": "The rollups of {count} snapshots are missing or were computed "
        "with older definitions, so no target is shown (rather than stale "
        "figures). The server's administrator should run: {command}",
    },
    "snapshot_problems": {
        "vi": "{count} kỳ chốt số liệu bị bỏ qua vì tệp hỏng: {dates}.",
        "en": "{count} snapshot(s) left out because of damaged files: {dates}.",
    },
    "snapshot_problem": {
        "vi": "Số liệu chốt ngày {date} bị bỏ qua: {reason}. Các kỳ chốt "
        "số liệu khác vẫn được dùng. Hãy nạp lại số liệu kỳ này bằng lệnh "
        "'python -m childplan ingest --replace'.",
        "en": "The snapshot of {date} is left out: {reason}. The other "
        "snapshots are still used. Load it again with "
        "'python -m childplan ingest --replace'.",
    },
    "url_ignored": {
        "vi": "Đường dẫn chứa giá trị không có trong số liệu nên đã bỏ qua: {values}.",
        "en": "The link names values the data do not have; ignored: {values}.",
    },
    "breakdown_town_only": {
        "vi": "Bảng chia theo nguyên nhân, nơi xảy ra, giới tính và tuổi "
        "luôn tính cho toàn thị trấn, kể cả khi đang lọc theo tổ dân "
        "phố: chia nhỏ hơn có thể làm lộ từng trường hợp tử vong.",
        "en": "The breakdown by cause, place, sex and age is always for the "
        "whole town, even with a residential-group filter: a finer "
        "split could reveal individual deaths.",
    },
    # --- login (childplan.access.login; the frame passes these words in) --
    "login_title": {"vi": "Đăng nhập", "en": "Log in"},
    "login_caption": {
        "vi": "Theo dõi kế hoạch công tác trẻ em — Thị trấn Thắng",
        "en": "Child-affairs dashboard — Thị trấn Thắng",
    },
    "login_username": {"vi": "Tên đăng nhập", "en": "User name"},
    "login_password": {"vi": "Mật khẩu", "en": "Password"},
    "login_submit": {"vi": "Đăng nhập", "en": "Log in"},
    "login_demo_hint": {
        "vi": "Đây là **số liệu mô phỏng**. Đăng nhập thử bằng tài khoản "
        "lãnh đạo `lanhdao` hoặc cán bộ `canbo`, mật khẩu `demo`. Hai tài "
        "khoản này không dùng được khi hệ thống đọc số liệu thật.",
        "en": "This is **simulated data**. Try the dashboard by logging in "
        "as the leader `lanhdao` or the officer `canbo`, password `demo`. "
        "These accounts do not exist when the dashboard reads real data.",
    },
    "login_no_account": {
        "vi": "Chưa có tài khoản nào cho dữ liệu này. Quản trị viên cần tạo "
        "tài khoản trên máy chủ bằng lệnh `python -m childplan users "
        "add TÊN --role admin` (vai trò: `leader` lãnh đạo, `officer` cán "
        "bộ hoặc `admin` quản trị), "
        "rồi tải lại trang này.",
        "en": "There is no account for this data yet. An administrator needs "
        "to create one on the server with the command `python -m "
        "childplan users add NAME --role admin` (roles: leader, "
        "officer or admin), then reload this page.",
    },
    "login_failed": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "Wrong user name or password.",
    },
    # No time in these two: it would tell an attacker when to strike next.
    "login_throttled": {
        "vi": "Đăng nhập sai nhiều lần. Hãy chờ một lúc rồi thử lại.",
        "en": "Too many failed logins. Wait a while, then try again.",
    },
    "login_busy": {
        "vi": "Máy chủ đang kiểm tra nhiều lượt đăng nhập. Hãy thử lại.",
        "en": "The server is checking many logins. Please try again.",
    },
    "login_idle_expired": {
        "vi": "Phiên làm việc đã kết thúc vì lâu không thao tác. Hãy đăng nhập lại.",
        "en": "Your session ended after a time without activity. Please log in again.",
    },
    "login_account_gone": {
        "vi": "Tài khoản của bạn không còn hiệu lực. Hãy đăng nhập lại.",
        "en": "Your account is no longer valid. Please log in again.",
    },
    "login_oidc_button": {
        "vi": "Đăng nhập qua tài khoản của cơ quan",
        "en": "Log in with your office account",
    },
    "login_no_identity": {
        "vi": "Không nhận được danh tính người dùng từ cổng đăng nhập. Hãy "
        "truy cập qua địa chỉ của cơ quan, không truy cập trực tiếp qua "
        "cổng (port) 8501.",
        "en": "The login gateway sent no user identity. Open the dashboard "
        "at your office's address, not directly on port 8501.",
    },
    "login_not_allowed": {
        "vi": "Tài khoản '{identity}' chưa được cấp quyền truy cập "
        "hệ thống. Quản trị viên cần chạy `python -m childplan users add` "
        "cho tài khoản này.",
        "en": "The account '{identity}' has not been given access to the "
        "dashboard. An administrator needs to run `python -m childplan "
        "users add` for this account.",
    },
    "login_bad_idle": {
        "vi": "{variable}='{value}' không hợp lệ: cần số phút lớn hơn 0 (ví dụ 30).",
        "en": "{variable}='{value}' is not valid: it must be a number of "
        "minutes above 0 (e.g. 30).",
    },
    "login_bad_mode": {
        "vi": "{variable}='{mode}' không hợp lệ; chọn một trong: {modes}.",
        "en": "{variable}='{mode}' is not valid; choose one of: {modes}.",
    },
    "login_needs_authlib": {
        "vi": "{variable}=oidc cần gói Authlib (pip install "
        "'streamlit[auth]') và mục [auth] trong .streamlit/secrets.toml; "
        "xem docs/deploy.md.",
        "en": "{variable}=oidc needs the Authlib package (pip install "
        "'streamlit[auth]') and an [auth] section in "
        ".streamlit/secrets.toml; see docs/deploy.md.",
    },
    "logged_in_as": {
        "vi": "Tài khoản: **{username}** ({role})",
        "en": "Logged in: **{username}** ({role})",
    },
    "logout": {"vi": "Đăng xuất", "en": "Log out"},
    "role_leader": {"vi": "lãnh đạo", "en": "leader"},
    "role_officer": {"vi": "cán bộ", "en": "officer"},
    "role_admin": {"vi": "quản trị", "en": "admin"},
    # --- scope --------------------------------------------------------------
    "scope_town": {"vi": "Toàn thị trấn", "en": "Whole town"},
    "scope_groups": {
        "vi": "Tổ dân phố: {groups}",
        "en": "Residential groups: {groups}",
    },
    "town_wide_note": {
        "vi": "Chỉ tiêu tính cho toàn thị trấn: không áp dụng bộ lọc tổ dân phố.",
        "en": "Town-wide target: the residential-group filter does not apply.",
    },
    # --- overview -----------------------------------------------------------
    "overview_title": {"vi": "Các chỉ tiêu năm {year}", "en": "Targets for {year}"},
    "overview_caption": {
        "vi": "Số liệu chốt ngày {date} · {scope}.",
        "en": "Figures as at {date} · {scope}.",
    },
    "summary": {
        "vi": "Đạt {met}/{total} chỉ tiêu được giao số cụ thể",
        "en": "{met} of {total} targets with a threshold met",
    },
    "target_label": {"vi": "Mục tiêu {threshold}", "en": "Target {threshold}"},
    "target_info": {
        "vi": "Kế hoạch không giao số cụ thể",
        "en": "The plan sets no number",
    },
    "versus_year": {
        "vi": "Mức thay đổi so với năm {year}",
        "en": "Change against {year}",
    },
    "no_year_data": {
        "vi": "Chưa có kỳ chốt số liệu nào trong năm {year}.",
        "en": "No snapshot in {year} yet.",
    },
    "open_section": {"vi": "Xem chi tiết tại {section}", "en": "Details {section}"},
    # --- section pages ------------------------------------------------------
    "groups_title": {
        "vi": "Theo tổ dân phố (số liệu chốt ngày {date})",
        "en": "By residential group, {date}",
    },
    "no_group_values": {
        "vi": "Không có số liệu theo tổ.",
        "en": "No figures by group.",
    },
    "year_value": {"vi": "Năm {year}", "en": "{year}"},
    "unstable": {
        "vi": "số trường hợp ít (dưới 20), số liệu có thể biến động lớn",
        "en": "few cases (under 20): the figure moves a lot",
    },
    "tile_interval": {
        "vi": "Khoảng tin cậy 95%: {interval}{unit}",
        "en": "95% interval: {interval}{unit}",
    },
    "unstable_short": {
        "vi": "ít trường hợp, dao động mạnh",
        "en": "few cases, moves a lot",
    },
    "interval_help": {
        "vi": "Trong ngoặc: khoảng tin cậy 95% — với ít trẻ em, con số có "
        "thể dao động trong khoảng này do ngẫu nhiên.",
        "en": "In brackets: 95% confidence interval — with few children the "
        "figure can move this much by chance.",
    },
    "reference": {
        "vi": "Để so sánh: {label} (theo {source})",
        "en": "Reference — {label}, from {source}",
    },
    "breakdown_title": {
        "vi": "Trẻ em bị tai nạn, thương tích năm {year} (tính đến ngày {date})",
        "en": "Child injuries in {year} (up to {date})",
    },
    "breakdown_caption": {
        "vi": "Theo mẫu báo cáo tai nạn, thương tích cấp xã · {scope}.",
        "en": "As in the commune injury report · {scope}.",
    },
    "download": {"vi": "Tải CSV", "en": "Download CSV"},
    "sensitive_note": {
        "vi": "Chỉ tiêu nhạy cảm: chỉ công bố số liệu toàn thị trấn, mỗi năm "
        "một số liệu, không chia theo tổ dân phố hay theo tháng, để không "
        "thể nhận ra trẻ em cụ thể. Số liệu của năm chưa kết thúc được tính "
        "từ ngày 01/01 đến kỳ chốt số liệu gần nhất.",
        "en": "Sensitive target: shown for the whole town only, one value per "
        "year (a past year as at its last data date, the current year from "
        "1 January to the latest data date), never by residential group or "
        "by month, so that no child can be singled out.",
    },
    "sensitive_groups_note": {
        "vi": "Chỉ tiêu nhạy cảm: không so sánh theo tổ dân phố, để không thể "
        "suy ra trường hợp cụ thể.",
        "en": "Sensitive target: not compared by residential group, so that "
        "no case can be traced.",
    },
    "sensitive_town_note": {
        "vi": "Chỉ tiêu nhạy cảm: số liệu toàn thị trấn, không áp dụng bộ lọc "
        "tổ dân phố.",
        "en": "Sensitive target: whole-town figure; the residential-group "
        "filter does not apply.",
    },
    "breakdown_deaths_note": {
        "vi": "Số trẻ em bị tai nạn, thương tích được ghi đầy đủ. Số trẻ em "
        "tử vong chỉ được chia theo một tiêu chí (nguyên nhân, nơi xảy ra, "
        "giới tính, nhóm tuổi) khi mọi ô đều từ 5 trở lên (ô bằng 0 cũng "
        "được coi là số nhỏ), để không thể nhận ra trường hợp cụ thể.",
        "en": "Injuries are shown in full. Deaths by a breakdown are shown "
        "only when every cell is 5 or more (zero counts as small), so "
        "that no case can be traced.",
    },
    "csv_sensitive_note": {
        "vi": "Quy tắc bảo vệ thông tin trẻ em: các chỉ tiêu nhạy cảm (HIV; "
        "lao động trẻ em và mua bán trẻ em; tử vong do tai nạn, thương tích; "
        "tử vong do đuối nước) chỉ ghi số liệu toàn thị trấn, mỗi năm một "
        "giá trị; số tử vong theo nguyên nhân, nơi xảy ra, giới tính, độ "
        "tuổi chỉ ghi khi mọi ô đều từ 5 trở lên.",
        "en": "Child-protection rule: sensitive targets (HIV, child labour "
        "and trafficking, injury deaths, drowning deaths) are written for "
        "the whole town only, one value per year; deaths by cause, place, "
        "sex or age are written only when every cell is 5 or more.",
    },
    "officer_only_title": {
        "vi": "Chỉ dành cho cán bộ: số liệu chi tiết theo tổ dân phố và từng "
        "kỳ chốt số liệu",
        "en": "Officers only: detail by residential group and data date",
    },
    "officer_only_caption": {
        "vi": "Số liệu chi tiết, chưa che các số nhỏ, chỉ phục vụ xử lý vụ "
        "việc. Không đưa vào trình chiếu, bản in hay tài liệu họp. Mỗi lần "
        "xem và tải đều được ghi nhật ký.",
        "en": "Exact figures for case work. Never for presentations, prints "
        "or meeting papers. Every view and download is logged.",
    },
    "download_scorecard": {
        "vi": "Tải bảng chỉ tiêu (CSV)",
        "en": "Download the scorecard (CSV)",
    },
    # --- chart words --------------------------------------------------------
    "threshold_line": {"vi": "Mục tiêu {threshold}", "en": "Target {threshold}"},
    "hover_value": {"vi": "Giá trị", "en": "Value"},
    "hover_counts": {"vi": "Tử số / mẫu số", "en": "Numerator / denominator"},
    "hover_status": {"vi": "Đánh giá", "en": "Status"},
    "spark_label": {"vi": "Diễn biến: {target}", "en": "Trend: {target}"},
    "funnel_limit_warning": {
        "vi": "Giới hạn cảnh báo (95%)",
        "en": "Warning limits (95%)",
    },
    "funnel_limit_alarm": {
        "vi": "Giới hạn báo động (99,8%)",
        "en": "Alarm limits (99.8%)",
    },
    "funnel_groups": {"vi": "Tổ dân phố", "en": "Residential groups"},
    "funnel_x": {
        "vi": "Số trẻ em (hoặc số hộ gia đình) được tính của tổ",
        "en": "Children (or households) counted in the group",
    },
    "funnel_inside": {"vi": "Trong giới hạn 95%", "en": "Inside the 95% limits"},
    "funnel_outside": {
        "vi": "Ngoài giới hạn {level} ({side})",
        "en": "Outside the {level} limits ({side})",
    },
    "funnel_worse": {"vi": "kém hơn mục tiêu", "en": "worse than the target"},
    "funnel_better": {"vi": "tốt hơn mục tiêu", "en": "better than the target"},
    "funnel_outside_list": {
        "vi": "Ngoài giới hạn {level}: {groups}",
        "en": "Outside the {level} limits: {groups}",
    },
    "funnel_all_inside": {
        "vi": "Mọi tổ đều trong giới hạn 95%: khác biệt giữa các tổ có thể "
        "chỉ do ngẫu nhiên.",
        "en": "Every group lies inside the 95% limits: the differences "
        "between groups may be chance alone.",
    },
    "funnel_help": {
        "vi": "Mỗi điểm là một tổ: càng sang phải, tổ càng đông nên con số "
        "càng chắc. Tổ nằm ngoài hai đường giới hạn có chênh lệch rõ rệt "
        "so với mục tiêu, khó có thể do ngẫu nhiên (giới hạn cảnh báo 95%: "
        "cần chú ý; giới hạn báo động 99,8%: gần như chắc chắn).",
        "en": "Each point is a group: further right, the group is larger and "
        "its figure firmer. A group outside the limits differs from the "
        "target by more than chance (95%: worth a look; 99.8%: almost "
        "certainly).",
    },
    "injured": {"vi": "Bị thương tích", "en": "Injured"},
    "deaths": {"vi": "Tử vong", "en": "Deaths"},
    # --- CSV column headers -------------------------------------------------
    "col_section": {"vi": "Mục", "en": "Section"},
    "col_target_id": {"vi": "Mã chỉ tiêu", "en": "Target id"},
    "col_target": {"vi": "Chỉ tiêu", "en": "Target"},
    "col_snapshot_date": {"vi": "Ngày chốt số liệu", "en": "Snapshot date"},
    "col_group": {"vi": "Tổ dân phố", "en": "Residential group"},
    "col_numerator": {"vi": "Tử số", "en": "Numerator"},
    "col_denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_ci_low": {"vi": "Cận dưới khoảng tin cậy 95%", "en": "95% CI low"},
    "col_ci_high": {"vi": "Cận trên khoảng tin cậy 95%", "en": "95% CI high"},
    "col_threshold": {"vi": "Mục tiêu", "en": "Target value"},
    "col_count": {"vi": "Số trẻ em", "en": "Children"},
    "col_status": {"vi": "Đánh giá", "en": "Status"},
    "col_previous": {"vi": "Giá trị năm trước", "en": "Previous year"},
    "col_change": {"vi": "Thay đổi", "en": "Change"},
    "col_scope": {"vi": "Phạm vi", "en": "Scope"},
    "col_dimension": {"vi": "Chia theo", "en": "Breakdown"},
    "col_category": {"vi": "Nhóm", "en": "Category"},
    "col_injured": {"vi": "Số trẻ bị tai nạn, thương tích", "en": "Injured children"},
    "col_deaths": {"vi": "Số trẻ tử vong", "en": "Deaths"},
    # --- downloads: Excel for people, CSV for software (issue 12, item 3) ---
    "download_xlsx": {"vi": "Tải Excel", "en": "Download Excel"},
    "download_csv": {"vi": "CSV cho phần mềm", "en": "CSV for software"},
    "download_scorecard_xlsx": {
        "vi": "Tải bảng chỉ tiêu (Excel)",
        "en": "Download the scorecard (Excel)",
    },
    "download_scorecard_csv": {
        "vi": "Bảng chỉ tiêu: CSV cho phần mềm",
        "en": "Scorecard: CSV for software",
    },
    "file_scorecard": {
        "vi": "Bảng chỉ tiêu kế hoạch",
        "en": "Plan scorecard",
    },
    "file_trend": {
        "vi": "{target} qua các kỳ chốt số liệu",
        "en": "{target} by data date",
    },
    "file_groups": {
        "vi": "{target} theo tổ dân phố",
        "en": "{target} by residential group",
    },
    "file_officer_trend": {
        "vi": "{target} qua các kỳ chốt số liệu, chỉ dành cho cán bộ",
        "en": "{target} by data date, officers only",
    },
    "file_officer_groups": {
        "vi": "{target} theo tổ dân phố, chỉ dành cho cán bộ",
        "en": "{target} by residential group, officers only",
    },
    "file_breakdown": {
        "vi": "Trẻ em bị tai nạn, thương tích chia theo nhóm",
        "en": "Child injuries by category",
    },
    "file_town": {
        "vi": "Ủy ban nhân dân thị trấn Thắng",
        "en": "People's Committee of Thị trấn Thắng",
    },
    "file_scope": {"vi": "Phạm vi: {scope}", "en": "Scope: {scope}"},
    "file_year": {
        "vi": "Năm kế hoạch: {year} · Giai đoạn theo dõi: {period}",
        "en": "Plan year: {year} · Period shown: {period}",
    },
    "file_snapshot": {
        "vi": "Số liệu tính đến ngày: {date}",
        "en": "Figures as at: {date}",
    },
    "file_simulated": {
        "vi": "SỐ LIỆU MÔ PHỎNG, không phải số liệu thật của thị trấn.",
        "en": "SIMULATED DATA, not the town's real figures.",
    },
    "file_sheet": {"vi": "Số liệu", "en": "Data"},
    # the columns a CSV for software adds: what the Excel header block says
    "col_file_scope": {"vi": "Phạm vi lọc", "en": "Filter scope"},
    "col_file_year": {"vi": "Năm kế hoạch", "en": "Plan year"},
    "col_period_from": {"vi": "Giai đoạn từ ngày", "en": "Period from"},
    "col_period_to": {"vi": "Giai đoạn đến ngày", "en": "Period to"},
    "col_file_snapshot": {"vi": "Số liệu tính đến ngày", "en": "Figures as at"},
    "col_is_simulated": {"vi": "Số liệu mô phỏng", "en": "Simulated"},
    "col_rule": {
        "vi": "Quy tắc bảo vệ thông tin trẻ em",
        "en": "Child-protection rule",
    },
    # --- early warning (overview, incomplete year) ------------------------
    "early_warning_title": {
        "vi": "Cảnh báo sớm: năm {year} mới có số liệu đến {date}",
        "en": "Early warning: {year} has figures up to {date} only",
    },
    "early_warning_count": {
        "vi": "{count} chỉ tiêu có nguy cơ không đạt đến hết ngày 31/12/{year}:",
        "en": "{count} target(s) at risk of being missed by 31/12/{year}:",
    },
    "early_warning_none": {
        "vi": "Theo dự báo cuối năm, chưa có chỉ tiêu nào có nguy cơ không đạt.",
        "en": "By the year-end projections, no target is at risk.",
    },
    "early_warning_sensitive": {
        "vi": "Các chỉ tiêu về tử vong, HIV và lao động trẻ em chỉ được dự "
        "báo cho toàn thị trấn, để không lộ trường hợp cụ thể.",
        "en": "Targets on deaths, HIV and child labour are projected for the "
        "whole town only (small-number protection).",
    },
    # How each projection was reached (childplan.present.outlook): the
    # first sentence by basis, then one by status. {date}: the snapshot the
    # outlook stands on; {point}, {low}, {high}: the projection, its 95 %
    # range; {threshold}: the plan's threshold ('< 3‰').
    "outlook_final": {
        "vi": "Năm đã có số liệu đến {date}: giá trị cuối năm là {value}, "
        "không cần dự báo.",
        "en": "The year is complete ({date}): the year-end value is "
        "{value}; no projection needed.",
    },
    "outlook_score": {
        "vi": "Điểm đánh giá thị trấn phù hợp với trẻ em được chấm mỗi năm "
        "một lần nên không dự báo; điểm gần nhất là {value}.",
        "en": "The child-friendly score is assessed once a year, so it is "
        "not projected; the latest score is {value}.",
    },
    "outlook_no_cases": {
        "vi": "Chưa có vụ việc nào được thông báo trong 12 tháng gần nhất "
        "nên chưa có gì để đánh giá.",
        "en": "No case was reported in the last 12 months, so there is "
        "nothing to assess yet.",
    },
    "outlook_missing_trend_points": {
        "vi": "Không đủ số liệu để dự báo: cần ít nhất {min_points} kỳ chốt "
        "số liệu có giá trị trong 12 tháng gần nhất.",
        "en": "Not enough data to project: at least {min_points} snapshots "
        "with a value in the last 12 months are needed.",
    },
    "outlook_missing_denominator": {
        "vi": "Không đủ số liệu để dự báo: kỳ chốt số liệu gần nhất không có "
        "trẻ em nào để làm mẫu số.",
        "en": "Not enough data to project: the latest snapshot has no "
        "children to divide by.",
    },
    "outlook_missing_snapshot": {
        "vi": "Chưa có kỳ chốt số liệu nào trong năm nên chưa thể dự báo.",
        "en": "No snapshot in this year yet, so nothing to project.",
    },
    "outlook_missing_table": {
        "vi": "Không đủ số liệu để dự báo: kỳ chốt số liệu gần nhất thiếu "
        "bảng số liệu của chỉ tiêu này.",
        "en": "Not enough data to project: the latest snapshot lacks the "
        "table this target is computed from.",
    },
    "outlook_events_seasonal": {
        "vi": "Đến {date} đã ghi nhận {events} trường hợp; các năm trước, "
        "đến thời điểm này thường đã xảy ra {share} số trường hợp cả "
        "năm. Dự báo cả năm: {point} (khoảng dự báo 95%: {low}–{high}).",
        "en": "{events} case(s) recorded by {date}; in earlier years {share} "
        "of a year's cases had happened by this point. Projected for "
        "the year: {point} (95% range: {low}–{high}).",
    },
    "outlook_events_even": {
        "vi": "Đến {date} đã ghi nhận {events} trường hợp; các năm trước có "
        "dưới {min_events} trường hợp nên coi như các trường hợp rải "
        "đều theo tháng ({share} của năm đã qua). Dự báo cả năm: "
        "{point} (khoảng dự báo 95%: {low}–{high}).",
        "en": "{events} case(s) recorded by {date}; earlier years had fewer "
        "than {min_events} cases, so cases are taken as even across "
        "months ({share} of the year gone). Projected for the year: "
        "{point} (95% range: {low}–{high}).",
    },
    "outlook_trend": {
        "vi": "Theo xu hướng của {points} kỳ chốt số liệu từ {date_from} đến "
        "{date}, dự báo cuối năm: {point} (khoảng dự báo 95%: {low}–{high}).",
        "en": "Following the trend of {points} snapshots from {date_from} to "
        "{date}, the year-end projection is {point} (95% range: "
        "{low}–{high}).",
    },
    "outlook_met": {
        "vi": "Cả khoảng dự báo đều đạt ngưỡng kế hoạch ({threshold}).",
        "en": "The whole range meets the plan's threshold ({threshold}).",
    },
    "outlook_at_risk": {
        "vi": "Giá trị dự báo đạt ngưỡng kế hoạch ({threshold}) nhưng một phần khoảng "
        "dự báo nằm ngoài ngưỡng: có nguy cơ không đạt.",
        "en": "The projection meets the plan's threshold ({threshold}) but "
        "its range crosses it: at risk of being missed.",
    },
    "outlook_not_met": {
        "vi": "Giá trị dự báo không đạt ngưỡng kế hoạch ({threshold}).",
        "en": "The projection misses the plan's threshold ({threshold}).",
    },
    "outlook_info": {
        "vi": "Kế hoạch không giao số cụ thể cho chỉ tiêu này.",
        "en": "The plan sets no number for this target.",
    },
    # --- quarterly injury report (issue 12, item 4; officers only) --------
    "iq_title": {
        "vi": "Báo cáo tai nạn, thương tích trẻ em theo quý",
        "en": "Quarterly child-injury report",
    },
    "iq_badge": {
        "vi": "Chỉ dành cho cán bộ: số liệu chính xác, không trình chiếu",
        "en": "Officers only: exact counts, not for the meeting screen",
    },
    "iq_caption": {
        "vi": "Mẫu báo cáo gửi Ủy ban nhân dân huyện: số liệu chính xác của toàn "
        "thị trấn, không áp dụng bộ lọc tổ dân phố; biểu mẫu bằng tiếng Việt. "
        "Mỗi lần tải tệp đều được ghi nhật ký.",
        "en": "The return sent to the district: the whole town's exact counts, "
        "whatever the group filter; the form is in Vietnamese, as the district "
        "receives it. Every download is logged.",
    },
    "iq_quarter": {"vi": "Quý báo cáo", "en": "Quarter"},
    "iq_quarter_name": {
        "vi": "Quý {roman} năm {year}",
        "en": "Quarter {roman}, {year}",
    },
    "iq_source": {
        "vi": "Số liệu theo sổ vụ việc chốt ngày {date}; tính các vụ xảy ra từ "
        "ngày {date_from} đến ngày {date_to}.",
        "en": "Figures from the register of {date}; injuries that occurred "
        "from {date_from} to {date_to}.",
    },
    "iq_partial": {
        "vi": "Quý chưa kết thúc: số liệu tạm tính đến ngày chốt {date}.",
        "en": "The quarter is not over: provisional figures up to the "
        "snapshot of {date}.",
    },
    "iq_not_covered": {
        "vi": "Chưa có số liệu chốt cho quý này.",
        "en": "No snapshot covers this quarter yet.",
    },
    "iq_download": {
        "vi": "Tải báo cáo quý (Excel)",
        "en": "Download the quarterly report (Excel)",
    },
    # The form (a workbook): the template's words.
    "iq_committee": {
        "vi": "ỦY BAN NHÂN DÂN THỊ TRẤN THẮNG",
        "en": "PEOPLE'S COMMITTEE OF THỊ TRẤN THẮNG",
    },
    "iq_nation": {
        "vi": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "en": "SOCIALIST REPUBLIC OF VIETNAM",
    },
    "iq_motto": {
        "vi": "Độc lập - Tự do - Hạnh phúc",
        "en": "Independence - Freedom - Happiness",
    },
    "iq_form_title": {
        "vi": "BÁO CÁO TAI NẠN, THƯƠNG TÍCH TRẺ EM {quarter}",
        "en": "REPORT ON CHILD INJURIES, {quarter}",
    },
    "iq_period": {
        "vi": "Kỳ báo cáo: từ ngày {date_from} đến ngày {date_to}",
        "en": "Reporting period: from {date_from} to {date_to}",
    },
    "iq_simulated": {
        "vi": "SỐ LIỆU MÔ PHỎNG, không dùng để báo cáo",
        "en": "SIMULATED DATA, not for reporting",
    },
    "iq_total_injured": {
        "vi": "1. Tổng số trẻ em mắc tai nạn, thương tích trong kỳ:",
        "en": "1. Children injured in the period:",
    },
    "iq_total_deaths": {
        "vi": "2. Tổng số trẻ em tử vong do tai nạn, thương tích trong kỳ:",
        "en": "2. Children who died of an injury in the period:",
    },
    "iq_total_children": {
        "vi": "3. Tổng số trẻ em trên địa bàn (dưới 16 tuổi):",
        "en": "3. Children in the town (under 16):",
    },
    "iq_children_unit": {"vi": "trẻ em", "en": "children"},
    "iq_code": {"vi": "Mã số", "en": "Code"},
    "iq_cause": {"vi": "Nguyên nhân", "en": "Cause"},
    "iq_injured": {
        "vi": "Số trẻ em mắc tai nạn, thương tích",
        "en": "Children injured",
    },
    "iq_deaths": {
        "vi": "Số trẻ em tử vong do tai nạn, thương tích",
        "en": "Children who died",
    },
    "iq_col_total": {"vi": "Tổng số", "en": "Total"},
    "iq_col_sex": {"vi": "Giới tính", "en": "Sex"},
    "iq_col_age": {"vi": "Nhóm tuổi", "en": "Age band"},
    "iq_col_place": {"vi": "Địa điểm", "en": "Place"},
    "iq_M": {"vi": "Nam", "en": "Boys"},
    "iq_F": {"vi": "Nữ", "en": "Girls"},
    "iq_0-5": {"vi": "0–5", "en": "0–5"},
    "iq_6-9": {"vi": "6–9", "en": "6–9"},
    "iq_10-13": {"vi": "10–13", "en": "10–13"},
    "iq_14-15": {"vi": "14–15", "en": "14–15"},
    "iq_home": {"vi": "Tại nhà", "en": "Home"},
    "iq_school": {"vi": "Trường học", "en": "School"},
    "iq_community": {"vi": "Cộng đồng", "en": "Community"},
    "iq_fall": {"vi": "Ngã", "en": "Fall"},
    "iq_burn": {"vi": "Bỏng/cháy", "en": "Burn / fire"},
    "iq_traffic": {"vi": "Tai nạn giao thông", "en": "Traffic accident"},
    "iq_poisoning": {"vi": "Ngộ độc", "en": "Poisoning"},
    "iq_cut": {"vi": "Cắt/đâm", "en": "Cut / stab"},
    "iq_suffocation": {
        "vi": "Ngạt thở/hóc nghẹn",
        "en": "Suffocation / choking",
    },
    "iq_animal": {"vi": "Súc vật cắn", "en": "Animal bite"},
    "iq_drowning": {"vi": "Đuối nước", "en": "Drowning"},
    "iq_explosive": {"vi": "Bom/mìn/vật nổ", "en": "Bomb / mine / explosive"},
    "iq_electric": {"vi": "Điện giật", "en": "Electric shock"},
    "iq_other": {"vi": "Khác", "en": "Other"},
    "iq_grand_total": {"vi": "Tổng cộng", "en": "Total"},
    "iq_unknown_place": {
        "vi": "Trong đó: không rõ địa điểm xảy ra",
        "en": "Of which: place not known",
    },
    "iq_unknown_note": {
        "vi": "Ghi chú: trẻ em không rõ địa điểm xảy ra được tính vào cột Tổng "
        "số, Giới tính, Nhóm tuổi, không tính vào cột Địa điểm; vì vậy Tại nhà + "
        "Trường học + Cộng đồng + không rõ địa điểm = Tổng số. Mỗi vụ tai nạn, "
        "thương tích được tính một lần.",
        "en": "Note: children whose place is not known count in the Total, "
        "Sex and Age band columns, not under Place; so Home + School + "
        "Community + place not known = Total. Each injury counts once.",
    },
    "iq_partial_note": {
        "vi": "Quý chưa kết thúc: số liệu tạm tính đến ngày {date}.",
        "en": "The quarter is not over: provisional figures up to {date}.",
    },
    "iq_source_note": {
        "vi": "Nguồn: sổ vụ việc chốt ngày {date}.",
        "en": "Source: the register of {date}.",
    },
    "iq_place_date": {
        "vi": "Thắng, ngày ..... tháng ..... năm ..........",
        "en": "Thắng, date ..........",
    },
    "iq_preparer": {"vi": "NGƯỜI LẬP BIỂU", "en": "PREPARED BY"},
    "iq_signer": {"vi": "KT. CHỦ TỊCH", "en": "FOR THE CHAIRPERSON"},
    "iq_signer_title": {"vi": "PHÓ CHỦ TỊCH", "en": "VICE-CHAIRPERSON"},
    "iq_sign_hint": {"vi": "(Ký, ghi rõ họ tên)", "en": "(Signature, full name)"},
    "iq_sign_hint_chair": {
        "vi": "(Ký, ghi rõ họ tên, đóng dấu)",
        "en": "(Signature, full name, seal)",
    },
    "iq_sheet": {"vi": "Báo cáo TNTT", "en": "Injury report"},
    # --- data-quality page -------------------------------------------------
    "quality_title": {"vi": "Chất lượng dữ liệu", "en": "Data quality"},
    "quality_caption": {
        "vi": "Những điểm cần xem lại trong số liệu từng kỳ chốt · Toàn thị trấn.",
        "en": "What needs a look in each data snapshot · whole town.",
    },
    "quality_town_only": {
        "vi": "Trang này luôn tính cho toàn thị trấn: không áp dụng bộ lọc tổ dân phố.",
        "en": "This page always covers the whole town: the residential-group "
        "filter does not apply.",
    },
    "quality_problems": {
        "vi": "Kỳ chốt số liệu bị bỏ qua vì tệp hỏng",
        "en": "Snapshots left out because of damaged files",
    },
    "quality_summary": {
        "vi": "Tóm tắt theo từng kỳ chốt số liệu",
        "en": "Summary per data date",
    },
    "quality_summary_help": {
        "vi": "Thay đổi: số trẻ em so với kỳ chốt trước (cần xem lại khi "
        "chênh quá 5%). Tổ không còn trẻ em: tổ đã có trẻ em ở kỳ chốt "
        "trước nhưng nay không còn trẻ em nào. Báo cáo muộn: vụ việc báo "
        "cáo sau hơn 30 ngày. Trẻ không có trong danh sách: vụ việc ghi mã "
        "trẻ em không có trong danh sách trẻ em (nếu trẻ đã tử vong thì "
        "đây là điều bình thường).",
        "en": "Change: children count against the previous snapshot (worth "
        "a look above 5%). Groups missing: seen before, now without any "
        "child. Late reports: reported more than 30 days after. Absent "
        "child: an incident naming a child not in the register (…who "
        "died: expected).",
    },
    "quality_months": {
        "vi": "Tháng không có kỳ chốt số liệu",
        "en": "Months without a data date",
    },
    "quality_no_months": {
        "vi": "Không thiếu tháng nào giữa kỳ chốt đầu tiên và kỳ chốt gần nhất.",
        "en": "No month is missing between the first and last snapshot.",
    },
    "quality_snapshot": {
        "vi": "Xem chi tiết kỳ chốt số liệu",
        "en": "Details of the data date",
    },
    "quality_unknown": {
        "vi": "Câu trả lời có/không để trống",
        "en": "Yes/no answers left empty",
    },
    "quality_no_unknown": {
        "vi": "Không có câu trả lời nào để trống.",
        "en": "No answer left empty.",
    },
    "quality_groups": {
        "vi": "Tổ dân phố không còn trẻ em nào",
        "en": "Residential groups without any child",
    },
    "quality_no_groups": {
        "vi": "Không thiếu tổ dân phố nào.",
        "en": "No residential group is missing.",
    },
    "quality_incidents": {"vi": "Vụ việc cần kiểm tra", "en": "Incidents to check"},
    "quality_late": {
        "vi": "Báo cáo muộn hơn 30 ngày",
        "en": "Reported more than 30 days late",
    },
    "quality_no_report_date": {
        "vi": "{count} vụ việc không có ngày báo cáo.",
        "en": "{count} incident(s) without a report date.",
    },
    "quality_absent": {
        "vi": "Vụ việc ghi trẻ em không có trong danh sách",
        "en": "Naming a child not in the register",
    },
    "quality_absent_fatal": {
        "vi": "trong đó {count} trẻ đã tử vong",
        "en": "of which {count} died",
    },
    "quality_officers_only": {
        "vi": "Mã vụ việc và mã trẻ em (đã mã hóa) để tra cứu chỉ hiện với "
        "cán bộ phụ trách dữ liệu (tài khoản cán bộ hoặc quản trị).",
        "en": "The incident and (pseudonymous) child ids to look up are "
        "shown to data officers only (officer or admin accounts).",
    },
    "yes": {"vi": "Có", "en": "Yes"},  # a table cell: capitalised
    "kind_injury": {"vi": "Tai nạn, thương tích", "en": "Injury"},
    "kind_abuse": {"vi": "Xâm hại", "en": "Abuse"},
    "kind_labour": {"vi": "Lao động trẻ em", "en": "Child labour"},
    "kind_trafficking": {"vi": "Mua bán trẻ em", "en": "Trafficking"},
    "kind_hiv": {"vi": "HIV", "en": "HIV"},
    "no": {"vi": "Không", "en": "No"},
    "q_children_count": {"vi": "Số trẻ em", "en": "Children"},
    "q_change_pct": {"vi": "Thay đổi (%)", "en": "Change (%)"},
    "q_count_jump": {"vi": "Chênh quá 5%", "en": "Over 5%"},
    "q_missing_group_count": {"vi": "Tổ không còn trẻ em", "en": "Groups missing"},
    "q_late_count": {"vi": "Báo cáo muộn", "en": "Late reports"},
    "q_absent_child_count": {
        "vi": "Trẻ không có trong danh sách",
        "en": "Child not listed",
    },
    "q_absent_fatal_count": {"vi": "Trong đó: đã tử vong", "en": "…of whom died"},
    "q_question": {"vi": "Câu hỏi", "en": "Question"},
    "q_asked_count": {"vi": "Số trường hợp được hỏi", "en": "Asked of"},
    "q_unknown_count": {"vi": "Để trống", "en": "Left empty"},
    "q_unknown_pct": {"vi": "Tỷ lệ để trống (%)", "en": "Share empty (%)"},
    "q_is_listed": {"vi": "Còn trong danh sách tổ dân phố", "en": "Still listed"},
    "q_last_seen": {
        "vi": "Kỳ chốt số liệu cuối cùng còn trẻ em",
        "en": "Last seen with children",
    },
    "q_month": {"vi": "Tháng", "en": "Month"},
    "q_previous_snapshot": {"vi": "Kỳ chốt trước", "en": "Previous data date"},
    "q_next_snapshot": {"vi": "Kỳ chốt sau", "en": "Next data date"},
    "q_incident_id": {"vi": "Mã vụ việc", "en": "Incident id"},
    "q_child_id": {"vi": "Mã trẻ em", "en": "Child id"},
    "q_kind": {"vi": "Loại", "en": "Kind"},
    "q_occurred_on": {"vi": "Ngày xảy ra", "en": "Occurred on"},
    "q_reported_on": {"vi": "Ngày báo cáo", "en": "Reported on"},
    "q_delay_days": {"vi": "Số ngày chậm", "en": "Days late"},
    "q_fatal": {"vi": "Tử vong", "en": "Fatal"},
    "q_reason": {"vi": "Lý do", "en": "Reason"},
    "csv_filters": {
        "vi": "Bộ lọc: tổ dân phố = {groups}; năm = {year}; giai đoạn = {period}",
        "en": "Filters: residential groups = {groups}; year = {year}; "
        "period = {period}",
    },
    "csv_simulated": {"vi": "SỐ LIỆU MÔ PHỎNG", "en": "SIMULATED DATA"},
    # --- presentation mode "Trình chiếu" (issue 12; childplan.present.deck) --
    "page_presentation": {"vi": "Trình chiếu", "en": "Presentation"},
    "deck_alt": {
        "vi": "Trình chiếu các chỉ tiêu năm {year}",
        "en": "Presentation of the {year} targets",
    },
    "deck_back": {"vi": "Về trang tổng quan", "en": "Back to the overview"},
    "deck_reading_judged": {
        "vi": "{indicator} năm {year} là {value}, {verdict} mục tiêu "
        "{threshold}{change}.",
        "en": "{indicator} in {year} was {value}, {verdict} the target "
        "({threshold}){change}.",
    },
    "deck_reading_info": {
        "vi": "{indicator} năm {year} là {value}; kế hoạch không giao số cụ "
        "thể{change}.",
        "en": "{indicator} in {year} was {value}; the plan sets no number{change}.",
    },
    "deck_reading_no_data": {
        "vi": "{indicator} năm {year}: chưa có số liệu.",
        "en": "{indicator} in {year}: no figures yet.",
    },
    "deck_reading_no_cases": {
        "vi": "{indicator} năm {year}: không có trường hợp nào để tính.",
        "en": "{indicator} in {year}: no cases to count.",
    },
    "deck_verdict_met": {"vi": "đạt", "en": "meeting"},
    "deck_verdict_not_met": {"vi": "chưa đạt", "en": "not meeting"},
    "deck_verdict_at_risk": {
        "vi": "có nguy cơ không đạt",
        "en": "at risk of missing",
    },
    "deck_change_up": {
        "vi": "; tăng {amount} so với năm {year}",
        "en": "; up {amount} from {year}",
    },
    "deck_change_down": {
        "vi": "; giảm {amount} so với năm {year}",
        "en": "; down {amount} from {year}",
    },
    "deck_change_none": {
        "vi": "; không đổi so với năm {year}",
        "en": "; unchanged from {year}",
    },
    "deck_change_few": {
        "vi": "; chỉ có {events} trường hợp trong hai năm, chưa đủ để so sánh "
        "với năm {year}",
        "en": "; only {events} case(s) over both years, too few to compare with {year}",
    },
    "deck_amount_points_pct": {
        "vi": "{x} điểm phần trăm",
        "en": "{x} percentage points",
    },
    "deck_amount_per_1000": {
        "vi": "{x}‰",
        "en": "{x} per 1,000 children",
    },
    "deck_amount_cases": {"vi": "{x} trường hợp", "en": "{x} case(s)"},
    "deck_amount_points": {"vi": "{x} điểm", "en": "{x} points"},
    "deck_col_section": {"vi": "Mục", "en": "§"},
    "deck_col_target": {"vi": "Chỉ tiêu", "en": "Target"},
    "deck_col_value": {"vi": "Năm {year}", "en": "{year}"},
    "deck_col_threshold": {"vi": "Mục tiêu", "en": "Target"},
    "deck_col_status": {"vi": "Đánh giá", "en": "Status"},
    "deck_footer": {
        "vi": "Số liệu chốt ngày {date} · {scope}",
        "en": "Figures as at {date} · {scope}",
    },
    "deck_simulated": {"vi": "Số liệu mô phỏng", "en": "Simulated data"},
    "deck_decision": {
        "vi": "{meeting}: {text} — Phụ trách: {responsible}{due} · {status}",
        "en": "{meeting}: {text} — Responsible: {responsible}{due} · {status}",
    },
    "deck_prev": {"vi": "Trang trước (←)", "en": "Previous slide (←)"},
    "deck_next": {"vi": "Trang sau (→)", "en": "Next slide (→)"},
    "deck_fullscreen": {
        "vi": "Toàn màn hình (F)",
        "en": "Full screen (F)",
    },
    "deck_auto_off": {
        "vi": "Tự chuyển trang: tắt (A)",
        "en": "Auto-advance: off (A)",
    },
    "deck_auto_on": {
        "vi": "Tự chuyển trang: bật (A)",
        "en": "Auto-advance: on (A)",
    },
    "deck_counter": {"vi": "Trang {n}/{total}", "en": "Slide {n} of {total}"},
    # --- decisions beside a target (childplan.decisions) --------------------
    "decisions_title": {"vi": "Kết luận, chỉ đạo", "en": "Decisions"},
    "decisions_none": {
        "vi": "Chưa có kết luận, chỉ đạo nào về chỉ tiêu này trong năm {year}.",
        "en": "No decision on this target in {year} yet.",
    },
    "decision_line": {
        "vi": "**{meeting}** · {text} · Phụ trách: {responsible}{due} · {status}",
        "en": "**{meeting}** · {text} · Responsible: {responsible}{due} · {status}",
    },
    "decision_due": {"vi": " · Hạn: {date}", "en": " · Due: {date}"},
    "decision_status_doing": {"vi": "Đang thực hiện", "en": "In progress"},
    "decision_status_done": {"vi": "Đã hoàn thành", "en": "Done"},
    "decision_add": {"vi": "Ghi kết luận", "en": "Record a decision"},
    "decision_edit": {"vi": "Sửa kết luận", "en": "Edit a decision"},
    "decision_pick": {"vi": "Kết luận cần sửa", "en": "Decision to edit"},
    "decision_meeting_date": {"vi": "Ngày họp", "en": "Meeting date"},
    "decision_text": {"vi": "Nội dung kết luận", "en": "Decision"},
    "decision_text_help": {
        "vi": "Không ghi tên, số điện thoại hay số định danh của trẻ em hoặc gia đình.",
        "en": "Do not write a child's or a family's name, phone number or id number.",
    },
    "decision_responsible": {
        "vi": "Đơn vị, tổ dân phố phụ trách",
        "en": "Responsible unit or residential group",
    },
    "decision_due_date": {"vi": "Hạn hoàn thành", "en": "Due date"},
    "decision_status": {"vi": "Tình trạng", "en": "Status"},
    "decision_save": {"vi": "Lưu", "en": "Save"},
    "decision_saved": {"vi": "Đã lưu kết luận.", "en": "Decision saved."},
    "decision_history": {
        "vi": "Lịch sử sửa đổi: {changes}",
        "en": "Change history: {changes}",
    },
    "decision_change": {
        "vi": "{user} {action} lúc {when}",
        "en": "{action} by {user} at {when}",
    },
    "decision_action_add": {"vi": "ghi", "en": "created"},
    "decision_action_edit": {"vi": "sửa", "en": "edited"},
    "decision_error_empty": {
        "vi": "Chưa nhập nội dung kết luận.",
        "en": "The decision is empty.",
    },
    "decision_error_long": {
        "vi": "Nội dung dài {length} ký tự, quá giới hạn {limit} ký tự. Hãy rút gọn.",
        "en": "The text is {length} characters long, over the limit of "
        "{limit}. Please shorten it.",
    },
    "decision_error_no_responsible": {
        "vi": "Chưa nhập đơn vị hoặc tổ dân phố phụ trách.",
        "en": "Name the responsible unit or residential group.",
    },
    "decision_error_long_responsible": {
        "vi": "Tên đơn vị phụ trách dài quá {limit} ký tự.",
        "en": "The responsible unit's name is over {limit} characters.",
    },
    "decision_error_identifying": {
        "vi": "Nội dung có dãy số giống số điện thoại hoặc số định danh cá "
        "nhân. Kết luận chỉ ghi đơn vị, tổ dân phố, không ghi thông tin "
        "của trẻ em hay gia đình: hãy xóa dãy số đó.",
        "en": "The text holds a number shaped like a phone or id number. "
        "A decision names units and residential groups, never a child or "
        "a family: remove that number.",
    },
    "decision_error_no_date": {
        "vi": "Chưa chọn ngày họp.",
        "en": "Choose the meeting date.",
    },
    "decision_error_due_before": {
        "vi": "Hạn hoàn thành phải từ ngày họp trở đi.",
        "en": "The due date must not be before the meeting.",
    },
    "decision_error_status": {
        "vi": "Tình trạng không hợp lệ: {status}.",
        "en": "Unknown status: {status}.",
    },
    "decision_error_missing": {
        "vi": "Không tìm thấy kết luận số {id}; có thể trang đã cũ, hãy tải lại.",
        "en": "Decision {id} not found; the page may be out of date, reload it.",
    },
    "decision_error_stale": {
        "vi": "{user} vừa sửa kết luận này. Nội dung của bạn chưa được lưu: "
        "hãy xem bản mới rồi sửa lại.",
        "en": "{user} has just edited this decision. Yours was not saved: "
        "read the new version, then edit again.",
    },
    "decision_error_newer_file": {
        "vi": "Tệp kết luận có phiên bản {found}, mới hơn phiên bản {known} "
        "mà phần mềm này đọc được. Hãy cập nhật phần mềm.",
        "en": "The decisions file has schema version {found}, newer than "
        "the {known} this release reads. Update the software.",
    },
    # --- printed report (PDF) and printing (issue 12, items 2, 6) ---------
    "report_download": {"vi": "Tải báo cáo PDF", "en": "Download the PDF report"},
    "report_no_chromium": {
        "vi": "Chưa tạo được báo cáo PDF: máy chủ chưa cài gói chromium "
        "(apt install chromium). Đề nghị cán bộ quản trị cài đặt; trong khi "
        "chờ, có thể dùng chức năng in của trình duyệt.",
        "en": "The PDF report cannot be made: the server lacks the chromium "
        "package (apt install chromium). Ask the administrator to install "
        "it; meanwhile the browser's own print works.",
    },
    "report_authority": {
        "vi": "Ủy ban nhân dân thị trấn Thắng",
        "en": "People's Committee of Thị trấn Thắng",
    },
    "report_title": {
        "vi": "Báo cáo kết quả thực hiện các chỉ tiêu năm {year}",
        "en": "Report on the targets for {year}",
    },
    "report_snapshot": {
        "vi": "Kỳ chốt số liệu: {date}",
        "en": "Figures as at {date}",
    },
    "report_scope": {"vi": "Phạm vi: {scope}", "en": "Scope: {scope}"},
    "report_printed": {"vi": "Ngày in: {date}", "en": "Printed on {date}"},
    "report_meeting_note": {
        "vi": "Tài liệu phục vụ cuộc họp. Các chỉ tiêu nhạy cảm (HIV; lao động "
        "trẻ em và mua bán trẻ em; tử vong do tai nạn, thương tích; tử vong "
        "do đuối nước) chỉ ghi số liệu toàn thị trấn, mỗi năm một giá trị, "
        "không chia theo tổ dân phố hay theo tháng.",
        "en": "Meeting paper. Sensitive targets (HIV, child labour and "
        "trafficking, injury deaths, drowning deaths) are given for the "
        "whole town only, one value per year, never by residential group "
        "or by month.",
    },
    "report_scorecard_title": {
        "vi": "Tổng hợp kết quả các chỉ tiêu",
        "en": "All targets",
    },
    "report_col_section": {"vi": "Mục", "en": "Section"},
    "report_col_target": {"vi": "Chỉ tiêu", "en": "Target"},
    "report_col_status": {"vi": "Đánh giá", "en": "Status"},
    "report_col_threshold": {"vi": "Mục tiêu kế hoạch", "en": "Plan target"},
    "report_col_change": {"vi": "So với năm {year}", "en": "Against {year}"},
    "report_page": {"vi": "Trang {page}/{pages}", "en": "Page {page} of {pages}"},
    # --- overview: summary and change from last year (issue 11, items 5, 7)
    "summary_with_unjudged": {
        "vi": "Đạt {met}/{total} chỉ tiêu được giao số cụ thể và có số liệu",
        "en": "{met} of {total} targets with a threshold and figures met",
    },
    "summary_unjudged": {
        "vi": "{count} chỉ tiêu chưa đủ số liệu để đánh giá",
        "en": "{count} without figures to judge",
    },
    "summary_monitored": {
        "vi": "{count} chỉ tiêu không giao số cụ thể (theo dõi)",
        "en": "{count} monitored without a threshold",
    },
    "change_line": {
        "vi": "{arrow} {change} so với năm {year} · {verdict}",
        "en": "{arrow} {change} vs {year} · {verdict}",
    },
    "change_better": {"vi": "tốt hơn", "en": "better"},
    "change_worse": {"vi": "kém hơn", "en": "worse"},
    "change_none": {
        "vi": "Không đổi so với năm {year}",
        "en": "Unchanged from {year}",
    },
    "change_few_events": {
        "vi": "Chỉ có {events} trường hợp trong hai năm, chưa đủ để so sánh "
        "với năm {year}",
        "en": "Only {events} case(s) over both years: too few to compare with {year}",
    },
}

# The groups grid and the funnel's reading (issue 11): kept together so the
# words a leader reads about groups sit in one place.
GROUP_STRINGS: dict[str, dict[str, str]] = {
    "grid_title": {
        "vi": "Kết quả thực hiện chỉ tiêu theo tổ dân phố (số liệu chốt ngày {date})",
        "en": "Which group misses which target, {date}",
    },
    "grid_section_title": {
        "vi": "Kết quả thực hiện chỉ tiêu theo tổ dân phố (số liệu chốt ngày {date})",
        "en": "Residential groups on this section's targets, {date}",
    },
    "grid_caption": {
        "vi": "Mỗi ô là số liệu của tổ: màu xanh là đạt, màu cam là chưa đạt "
        "mục tiêu kế hoạch; tổ có nhiều chỉ tiêu chưa đạt nhất xếp trên "
        "cùng. Chỉ tiêu nhạy cảm và chỉ tiêu tính chung toàn thị trấn "
        "không chia theo tổ nên không có trong bảng.",
        "en": "Each cell is the group's figure, coloured by the plan's "
        "target; groups missing most targets come first. Sensitive and "
        "town-wide targets are not shown by group.",
    },
    "grid_all_groups": {
        "vi": "Bảng đang hiển thị tất cả các tổ dân phố, không phụ thuộc vào bộ lọc.",
        "en": "The grid shows every residential group, whatever the filter.",
    },
    "grid_cut": {
        "vi": "Bảng chỉ hiển thị {shown}/{total} tổ dân phố: {top} tổ có nhiều "
        "chỉ tiêu chưa đạt nhất.",
        "en": "The grid shows only {shown} of {total} residential groups: the "
        "{top} missing most targets.",
    },
    "grid_cut_chosen": {
        "vi": "Bảng chỉ hiển thị {shown}/{total} tổ dân phố, gồm {top} tổ có "
        "nhiều chỉ tiêu chưa đạt nhất và các tổ được chọn tại bộ lọc.",
        "en": "The grid shows only {shown} of {total} residential groups: the "
        "{top} missing most targets, and the groups chosen in the filter.",
    },
    "grid_show_all": {
        "vi": "Hiển thị tất cả {total} tổ dân phố",
        "en": "Show all {total} groups",
    },
    "grid_help": {
        "vi": "▲ hoặc ▼ (ô có viền đậm): số liệu của tổ cao hơn hoặc thấp "
        "hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (kiểm định thống "
        "kê, độ tin cậy 95%). Ô không có dấu: chênh lệch có thể chỉ do "
        "tổ ít trẻ em. Màu của ô cho biết tổ đạt hay chưa đạt mục tiêu; "
        "dấu cho biết chênh lệch đó có chắc chắn hay không. Di chuột lên "
        "tên chỉ tiêu để xem tên đầy đủ, lên một ô để xem tử số và mẫu số.",
        "en": "▲ or ▼ (heavy outline): the group's figure is above or "
        "below the target by more than chance would give (exact binomial "
        "or Poisson test, 95%). No mark: the difference may be chance in "
        "a small group. Hover over a heading for the target's full name, "
        "over a cell for its numerator and denominator.",
    },
    "grid_col_group": {"vi": "Tổ dân phố", "en": "Residential group"},
    "grid_col_missed": {"vi": "Chưa đạt", "en": "Not met"},
    "grid_missed_help": {
        "vi": "Số chỉ tiêu chưa đạt trên số chỉ tiêu có số liệu",
        "en": "Targets not met, of the targets with figures",
    },
    "grid_legend_mark": {
        "vi": "chênh lệch rõ rệt so với mục tiêu, khó có thể do ngẫu nhiên "
        "(▲ cao hơn, ▼ thấp hơn)",
        "en": "differs from the target beyond chance (▲ above, ▼ below)",
    },
    "grid_mark_above": {
        "vi": "Cao hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (95%)",
        "en": "Above the target beyond chance (95%)",
    },
    "grid_mark_below": {
        "vi": "Thấp hơn mục tiêu rõ rệt, khó có thể do ngẫu nhiên (95%)",
        "en": "Below the target beyond chance (95%)",
    },
    "grid_pick": {"vi": "Xem tổ:", "en": "Show group:"},
    "grid_pick_placeholder": {"vi": "Chọn một tổ", "en": "Choose a group"},
    "grid_pick_help": {
        "vi": "Chọn một tổ để cả trang hiển thị số liệu của riêng tổ đó "
        "(đặt bộ lọc tổ dân phố ở thanh bên).",
        "en": "Choose a group to show the whole page for it alone (sets "
        "the residential-group filter in the sidebar).",
    },
    "grid_pick_town": {"vi": "Toàn thị trấn", "en": "Whole town"},
    "funnel_legend_worse": {"vi": "Tổ kém hơn mục tiêu", "en": "Group worse"},
    "funnel_legend_better": {"vi": "Tổ tốt hơn mục tiêu", "en": "Group better"},
    "funnel_legend_inside": {
        "vi": "Tổ trong giới hạn",
        "en": "Group inside the limits",
    },
    "funnel_reading": {
        "vi": "{count} tổ {worse} rõ rệt, khó có thể do ngẫu nhiên (số liệu "
        "{side} mục tiêu): {groups}",
        "en": "{count} group(s) {side} the target beyond chance ({worse}): {groups}",
    },
    "funnel_more": {"vi": " và {count} tổ khác", "en": " and {count} more"},
    "funnel_side_above": {"vi": "cao hơn", "en": "above"},
    "funnel_side_below": {"vi": "thấp hơn", "en": "below"},
    "funnel_limits_help": {
        "vi": "Hai đường cong là giới hạn kiểm soát quanh mục tiêu: nếu một "
        "tổ thực sự đạt đúng mục tiêu, số liệu của tổ chỉ vượt ra ngoài "
        "đường liền (95%) 1 lần trong 20 và ngoài đường chấm (99,8%) 1 lần "
        "trong 500, do ngẫu nhiên. Tổ càng ít trẻ em (bên trái) thì giới "
        "hạn càng rộng. Giới hạn tính theo phân phối nhị thức (tỷ lệ) hoặc "
        "Poisson (tỷ suất), theo phương pháp biểu đồ phễu thường dùng "
        "trong thống kê y tế công cộng.",
        "en": "The two curves are control limits around the target: if a "
        "group met the target exactly, its figure would fall outside the "
        "solid line (95%) once in 20 and outside the dotted line (99.8%) "
        "once in 500, by chance. The fewer children in a group (left), the "
        "wider the limits. They come from the binomial (shares) or Poisson "
        "(rates) distribution, the funnel-plot method of public-health "
        "statistics.",
    },
    "funnel_no_funnel": {
        "vi": "Không lập được biểu đồ phễu cho chỉ tiêu này (mục tiêu "
        "{threshold}, số trường hợp của mỗi tổ quá ít); số liệu theo tổ "
        "xem tại bảng dưới đây.",
        "en": "This target's figures by group cannot make a funnel plot "
        "(target {threshold}, too few cases per group): see the table.",
    },
}
STRINGS.update(GROUP_STRINGS)

STATUS = {
    "met": {"vi": "Đạt", "en": "Met"},
    "not_met": {"vi": "Chưa đạt", "en": "Not met"},
    "at_risk": {"vi": "Có nguy cơ không đạt", "en": "At risk"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "no_cases": {"vi": "Không có trường hợp", "en": "No cases"},
    "info": {"vi": "Theo dõi", "en": "Monitored"},
}

UNITS = {
    "%": {"vi": "%", "en": "%"},
    "‰": {"vi": "‰ (trên 1.000 trẻ em)", "en": "‰ (per 1,000 children)"},
    "count": {"vi": "trẻ em", "en": "children"},
    "points": {"vi": "điểm", "en": "points"},
}

# Injury breakdown (commune injury report): dimensions and their categories.
DIMENSIONS = {
    "cause": {"vi": "Nguyên nhân", "en": "Cause"},
    "place": {"vi": "Nơi xảy ra", "en": "Place"},
    "sex": {"vi": "Giới tính", "en": "Sex"},
    "age_band": {"vi": "Nhóm tuổi", "en": "Age band"},
}
# The causes and places in the words of the quarterly injury return (the
# district's template, iq_* above): the screen, the PDF and the form agree.
CATEGORIES = {
    "fall": {"vi": "Ngã", "en": "Fall"},
    "burn": {"vi": "Bỏng/cháy", "en": "Burn"},
    "traffic": {"vi": "Tai nạn giao thông", "en": "Traffic"},
    "poisoning": {"vi": "Ngộ độc", "en": "Poisoning"},
    "cut": {"vi": "Cắt/đâm", "en": "Cut / stab"},
    "suffocation": {"vi": "Ngạt thở/hóc nghẹn", "en": "Suffocation / choking"},
    "animal": {"vi": "Súc vật cắn", "en": "Animal bite"},
    "drowning": {"vi": "Đuối nước", "en": "Drowning"},
    "explosive": {"vi": "Bom/mìn/vật nổ", "en": "Explosive"},
    "electric": {"vi": "Điện giật", "en": "Electric shock"},
    "other": {"vi": "Khác", "en": "Other"},
    "home": {"vi": "Tại nhà", "en": "Home"},
    "school": {"vi": "Trường học", "en": "School"},
    "community": {"vi": "Cộng đồng", "en": "Community"},
    "unknown": {"vi": "Không rõ", "en": "Unknown"},
    "M": {"vi": "Nam", "en": "Boys"},
    "F": {"vi": "Nữ", "en": "Girls"},
    "0-5": {"vi": "0–5 tuổi", "en": "0–5 years"},
    "6-9": {"vi": "6–9 tuổi", "en": "6–9 years"},
    "10-13": {"vi": "10–13 tuổi", "en": "10–13 years"},
    "14-15": {"vi": "14–15 tuổi", "en": "14–15 years"},
}


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    """The string `key` in `lang`, placeholders filled from `values`."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def status_label(status: str, lang: str = DEFAULT_LANG) -> str:
    return STATUS[status][lang]


# A residential group with nobody to count (no disabled child, no child in
# special circumstances): its status is no_data as the definitions say, but
# "Không có số liệu" would tell a meeting the group did not report.
NOBODY = {"vi": "Không có đối tượng", "en": "Nobody to count"}


def group_status_label(status: str, denominator, lang: str = DEFAULT_LANG) -> str:
    """A group's status in words: 'Không có đối tượng' for no data because
    the group has nobody in the denominator (0), else status_label."""
    if status == "no_data" and denominator == 0:
        return NOBODY[lang]
    return status_label(status, lang)


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    return UNITS[unit][lang]


def dimension_label(dimension: str, lang: str = DEFAULT_LANG) -> str:
    return DIMENSIONS[dimension][lang]


def category_label(category: str, lang: str = DEFAULT_LANG) -> str:
    return CATEGORIES[category][lang]


def target_name(target, lang: str = DEFAULT_LANG) -> str:
    """A plan Target's name in `lang` (the plan file holds both)."""
    return target.name_vi if lang == "vi" else target.name_en


def target_short(target, lang: str = DEFAULT_LANG) -> str:
    """A plan Target's few words for a column heading (plan `short_vi` /
    `short_en`), its full name when the plan gives none."""
    short = getattr(target, "short_vi" if lang == "vi" else "short_en", "")
    return short or target_name(target, lang)
