"""`python -m childplan indicators` / `scorecard`: the exact text printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from childplan.cli.main import main
from tests.snapshot_builder import (
    assessment_rows,
    build_store,
    child,
    household,
    incident,
    officer,
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path):
    # 2023-12-31: children only (optional tables missing).
    # 2024-12-31: c1 (T1, 2016-12-31: 8 on d, disabled), c2 (T2, 2010-05-05:
    # 14), one household per child, two officers, one assessment year.
    return build_store(
        tmp_path / "store",
        {
            "2023-12-31": {
                "children": [
                    child(
                        "c1",
                        "T1",
                        "2016-12-31",
                        special_groups="d",
                        disability_services=True,
                    )
                ]
            },
            "2024-12-31": {
                "children": [
                    child(
                        "c1",
                        "T1",
                        "2016-12-31",
                        special_groups="d",
                        special_supported=True,
                        disability_services=True,
                        ecd_services=True,
                        consulted=False,
                    ),
                    child("c2", "T2", "2010-05-05", consulted=True),
                ],
                "households": [
                    household(
                        "h-c1",
                        "T1",
                        protection_knowledge=True,
                        labour_info=True,
                        ecd_knowledge=True,
                        disability_knowledge=True,
                    ),
                    household("h-c2", "T2", protection_knowledge=False),
                ],
                "incidents": [
                    incident(
                        "injury", "T2", "2024-07-01", cause="drowning", fatal=True
                    ),
                    incident("labour", "T1", "2024-03-01", supported_timely=True),
                ],
                "officers": [
                    officer("o1", "town", trained=True),
                    officer("o2", "group", "T2", trained=False),
                ],
                "assessments": assessment_rows(2024, [66] * 12 + [57.5]),
            },
        },
        simulated=True,
    )


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


HEADER = (
    "target_id,snapshot_date,numerator,denominator,value,threshold,"
    "operator,status,ci_low,ci_high\n"
)
# 95% intervals, checked by hand (z = 1.959964, z2 = z * z = 3.841459):
# Wilson k of n, closed form (k + z2/2 -+ z sqrt(k(n-k)/n + z2/4)) / (n + z2)
W_1_1 = "20.654931437723747,100.0"  # 1 / (1 + z2) = 0.206549
W_1_2 = "9.453120573423075,90.54687942657694"  # 1/2 -+ z sqrt(1/2 + z2/4)/(2+z2)
W_0_1 = "0.0,79.34506856227625"  # z2 / (1 + z2) = 0.793451
# exact Poisson: 0 events -> (0, -ln 0.025 = 3.688879); 1 event ->
# (-ln 0.975 = 0.025318, u with e^-u (1 + u) = 0.025: 5.571643)
P_0 = "0.0,3.6888794541139354"
P_1 = "0.025317807984289897,5.571643390938898"
R_0_1 = "0.0,3688.8794541139355"  # per 1,000 of 1 child
R_1_2 = "12.658903992144948,2785.821695469449"  # P_1 * 1000 / 2


def test_indicators_csv_exact_text(store, capsys):
    code, out, err = run(capsys, "indicators", "--data", str(store))
    assert (code, err) == (0, "")
    # 2023-12-31: 1 child (disabled, 7); 2024-12-31: c1 (8), c2 (14).
    # score 12 * 66 + 57.5 = 849.5: not recognised.
    assert out == HEADER + (
        f"hcdb_share,2023-12-31,1,1,100.0,2,<,not_met,{W_1_1}\n"
        f"hcdb_share,2024-12-31,1,2,50.0,2,<,not_met,{W_1_2}\n"
        f"hcdb_supported,2023-12-31,0,1,0.0,96,>=,not_met,{W_0_1}\n"
        f"hcdb_supported,2024-12-31,1,1,100.0,96,>=,met,{W_1_1}\n"
        "officers_trained,2023-12-31,,,,100,>=,no_data,,\n"
        f"officers_trained,2024-12-31,1,2,50.0,100,>=,not_met,{W_1_2}\n"
        "families_protection_knowledge,2023-12-31,,,,85,>=,no_data,,\n"
        "families_protection_knowledge,2024-12-31,1,2,50.0,85,>=,not_met,"
        f"{W_1_2}\n"
        f"injury_rate,2023-12-31,0,1,0.0,3,<,met,{R_0_1}\n"
        f"injury_rate,2024-12-31,1,2,500.0,3,<,not_met,{R_1_2}\n"
        f"injury_death_rate,2023-12-31,0,1,0.0,2,<,met,{R_0_1}\n"
        f"injury_death_rate,2024-12-31,1,2,500.0,2,<,not_met,{R_1_2}\n"
        f"drowning_deaths,2023-12-31,0,,0,,info,info,{P_0}\n"
        f"drowning_deaths,2024-12-31,1,,1,,info,info,{P_1}\n"
        f"hiv_new_infections,2023-12-31,0,,0,0,=,met,{P_0}\n"
        f"hiv_new_infections,2024-12-31,0,,0,0,=,met,{P_0}\n"
        f"ecd_access,2023-12-31,0,1,0.0,80,>=,not_met,{W_0_1}\n"
        f"ecd_access,2024-12-31,1,1,100.0,80,>=,met,{W_1_1}\n"
        "ecd_caregiver_knowledge,2023-12-31,,,,75,>,no_data,,\n"
        f"ecd_caregiver_knowledge,2024-12-31,1,1,100.0,75,>,met,{W_1_1}\n"
        f"disabled_service_access,2023-12-31,1,1,100.0,85,>=,met,{W_1_1}\n"
        f"disabled_service_access,2024-12-31,1,1,100.0,85,>=,met,{W_1_1}\n"
        "disabled_integration_skills,2023-12-31,0,1,0.0,60,>=,not_met,"
        f"{W_0_1}\n"
        "disabled_integration_skills,2024-12-31,0,1,0.0,60,>=,not_met,"
        f"{W_0_1}\n"
        "disabled_caregiver_knowledge,2023-12-31,,,,70,>=,no_data,,\n"
        f"disabled_caregiver_knowledge,2024-12-31,1,1,100.0,70,>=,met,{W_1_1}\n"
        "policies_child_consulted,2023-12-31,,,,100,>=,no_data,,\n"
        "policies_child_consulted,2024-12-31,,,,100,>=,no_data,,\n"
        f"children_consulted,2023-12-31,0,1,0.0,20,>=,not_met,{W_0_1}\n"
        f"children_consulted,2024-12-31,1,2,50.0,20,>=,met,{W_1_2}\n"
        "labour_cases_supported,2023-12-31,0,0,,100,>=,no_cases,,\n"
        f"labour_cases_supported,2024-12-31,1,1,100.0,100,>=,met,{W_1_1}\n"
        "families_labour_info,2023-12-31,,,,75,>=,no_data,,\n"
        f"families_labour_info,2024-12-31,1,2,50.0,75,>=,not_met,{W_1_2}\n"
        "child_friendly_score,2023-12-31,,,,850,>=,no_data,,\n"
        "child_friendly_score,2024-12-31,,,849.5,850,>=,not_met,,\n"
    )


def test_indicators_group_and_dates(store, capsys):
    code, out, err = run(
        capsys,
        "indicators",
        "--data",
        str(store),
        "--group",
        "T2",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] + "\n" == HEADER
    assert len(lines) == 1 + 18
    # T2: c2 only; o2 only (o1 is town level); town-wide score unchanged
    assert f"hcdb_share,2024-12-31,0,1,0.0,2,<,met,{W_0_1}" in lines
    assert f"officers_trained,2024-12-31,0,1,0.0,100,>=,not_met,{W_0_1}" in lines
    # 1 injury among 1 child: P_1 * 1000
    assert (
        "injury_rate,2024-12-31,1,1,1000.0,3,<,not_met,"
        "25.317807984289896,5571.643390938898"
    ) in lines
    assert "child_friendly_score,2024-12-31,,,849.5,850,>=,not_met,," in lines


@pytest.mark.parametrize("name", ["T9", "x' OR 1=1 --"])
def test_unknown_group_is_refused_listing_known_ones(store, capsys, name):
    code, out, err = run(
        capsys, "indicators", "--data", str(store), "--group", "T1", "--group", name
    )
    assert code == 1
    assert out == ""
    assert err == (
        f"Lỗi: Không có tổ dân phố '{name}' trong dữ liệu. Các tổ "
        "dân phố có trong dữ liệu: T1, T2.\n"
    )


def test_bad_date_is_refused(store, capsys):
    code, out, err = run(
        capsys, "indicators", "--data", str(store), "--from", "31/12/2024"
    )
    assert (code, out) == (1, "")
    assert "--from" in err and "YYYY-MM-DD" in err


def test_not_a_store_is_refused(tmp_path, capsys):
    code, out, err = run(capsys, "indicators", "--data", str(tmp_path))
    assert (code, out) == (1, "")
    assert "không phải là kho số liệu chốt" in err


def test_scorecard_text(store, capsys):
    code, out, err = run(
        capsys, "scorecard", "--data", str(store), "--year", "2024", "--group", "T1"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "Bảng tổng hợp chỉ tiêu năm 2024 — Tổ dân phố: T1",
        "Số liệu chốt ngày 31/12/2024; kế hoạch năm 2024.",
        "SỐ LIỆU MÔ PHỎNG — không phải số liệu thật của thị trấn.",
    ]
    header = lines[4]
    # value column right-aligned under its heading
    value_end = header.index("Giá trị") + len("Giá trị")
    first = next(line for line in lines if line.startswith("3.1"))
    assert first[:value_end].endswith("100,0%")  # c1 of c1
    assert "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt" in first
    score = next(line for line in lines if line.startswith("5.1"))
    # 849.5 is not rounded up to the pass mark
    assert "849,5 điểm" in score and "Chưa đạt" in score
    assert any("(toàn thị trấn)" in line for line in lines)


def test_scorecard_year_without_snapshots(store, capsys):
    code, out, err = run(capsys, "scorecard", "--data", str(store), "--year", "2020")
    assert (code, out) == (1, "")
    assert "2023, 2024" in err


def test_module_entry_point(store):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "childplan",
            "indicators",
            "--data",
            str(store),
            "--from",
            "2024-12-31",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(HEADER)
    assert len(done.stdout.splitlines()) == 19
