"""The mutation proof: break the product on purpose, expect the tests to see it.

    .venv/bin/python -m tests.mutants          (or `make mutants`)

For each mutation below the working tree (tracked and untracked files as
they are, without .venv, .git, tests/artifacts and caches) is copied into a
temporary folder, one exact piece of text is replaced (it must occur exactly
once: a mutation whose text has moved fails loudly, and
tests/test_mutants.py checks that on every ordinary test run), and each of
its test files is run there, one pytest per file, with this repository's
venv python. A mutation is caught when at least one of them fails; the table
says which test failed first in each file.

Before any mutation, the same test files run on an unmutated copy: they must
all pass, or a failure would prove nothing (another engineer's edit half
done, for instance) and the run stops.

Exit status: 0 when every mutation is caught, including by the page tests
worked out by hand (tests/test_pages_by_hand.py), which are there to catch
each of them on what the screen shows and the downloads send; 1 when a
mutation survives or those page tests miss one; 2 when the baseline fails
or a mutation's text is not found exactly once.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# This repository's venv; a worktree without one: the python running this.
PYTHON = REPO / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
PAGE_TESTS = "tests/test_pages_by_hand.py"
PYTEST_ARGS = ["-x", "-q", "-p", "no:cacheprovider", "-m", "not browser", "-rfE"]
# Not copied: the venv, git, test artifacts and every cache.
SKIPPED_PATHS = {".venv", ".git", "tests/artifacts"}
SKIPPED_NAMES = {
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    ".mypy_cache",
}


def _ignored(folder: str, names: list[str]) -> set[str]:
    here = Path(folder).resolve().relative_to(REPO)
    return {
        n
        for n in names
        if n in SKIPPED_NAMES
        or n.endswith(".pyc")
        or (here / n).as_posix() in SKIPPED_PATHS
    }


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # relative to the repository
    original: str  # must occur exactly once in the file
    replacement: str
    tests: tuple[str, ...]  # test files to run, PAGE_TESTS first


MUTATIONS = (
    Mutation(
        "year value from the FIRST snapshot of the year",
        "childplan/indicators/targets.py",
        "return max((d for d in dates if d.year == year), default=None)",
        "return min((d for d in dates if d.year == year), default=None)",
        (PAGE_TESTS, "tests/test_indicators.py", "tests/test_pages.py"),
    ),
    Mutation(
        "a sensitive target shown for the chosen groups instead of the town",
        "childplan/app/reads.py",
        "    return rules.meeting_scorecard(\n"
        "        card, town_yearly(root, fingerprint, year), plan, year\n"
        "    )\n",
        "    return card\n",
        (PAGE_TESTS, "tests/test_access.py", "tests/test_pages.py"),
    ),
    Mutation(
        "overview tile shows last year's value as this year's",
        "childplan/app/overview.py",
        "            label,\n"
        "            fmt.value_text(\n"
        "                row.value, target.unit, lang, target.threshold, "
        "target.operator\n",
        "            label,\n"
        "            fmt.value_text(\n"
        "                row.previous_value, target.unit, lang, target.threshold,\n"
        "                target.operator,\n",
        (PAGE_TESTS, "tests/test_pages.py", "tests/test_access.py"),
    ),
    Mutation(
        "group table: numerator and denominator swapped",
        "childplan/present/exports.py",
        '            t("col_group", lang): row.residential_group,\n'
        "            **_counts(row, lang),\n",
        '            t("col_group", lang): row.residential_group,\n'
        '            t("col_numerator", lang): row.denominator,\n'
        '            t("col_denominator", lang): row.numerator,\n',
        (PAGE_TESTS, "tests/test_exports.py"),
    ),
    Mutation(
        "Vietnamese decimal comma replaced by a point",
        "childplan/present/fmt.py",
        'text = f"{rounded:,.{decimals}f}".translate(_symbols(lang))\n',
        'text = f"{rounded:,.{decimals}f}".translate(_symbols(lang)).replace(\n'
        '        ",", "." if lang == "vi" else ",")\n',
        (PAGE_TESTS, "tests/test_fmt.py", "tests/test_exports.py"),
    ),
)


class MutationError(Exception):
    pass


def apply(mutation: Mutation, root: Path) -> None:
    """Replace the mutation's text in the copy at `root` (exactly once)."""
    path = root / mutation.file
    text = path.read_text(encoding="utf-8")
    found = text.count(mutation.original)
    if found != 1:
        raise MutationError(
            f"{mutation.name}: its original text occurs "
            f"{found} times in {mutation.file}, not once"
        )
    path.write_text(
        text.replace(mutation.original, mutation.replacement), encoding="utf-8"
    )


def copy_tree(into: Path) -> Path:
    """The working tree as it is, without venv, git, artifacts, caches."""
    root = into / "repo"
    shutil.copytree(REPO, root, ignore=_ignored, symlinks=True)
    # the copy, not the repository, must be what the tests import
    where = subprocess.run(
        [str(PYTHON), "-c", "import childplan; print(childplan.__file__)"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(where).resolve().is_relative_to(root.resolve()):
        raise MutationError(f"the copy imports childplan from {where}")
    return root


@dataclass
class Run:
    test_file: str
    returncode: int
    failed: list[str]  # FAILED / ERROR node ids
    seconds: float
    output: str

    @property
    def caught(self) -> bool:
        return self.returncode != 0


_REPORT_LINE = re.compile(r"^(FAILED|ERROR) (\S+)")


def run_tests(root: Path, test_file: str, basetemp: Path) -> Run:
    start = time.monotonic()
    result = subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pytest",
            *PYTEST_ARGS,
            f"--basetemp={basetemp}",
            test_file,
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    failed = [m.group(2) for m in map(_REPORT_LINE.match, output.splitlines()) if m]
    return Run(test_file, result.returncode, failed, time.monotonic() - start, output)


def _caught_by(run: Run) -> str:
    if not run.caught:
        return f"{Path(run.test_file).name}: passed"
    if run.failed:
        return ", ".join(f.removeprefix("tests/") for f in run.failed)
    return f"{Path(run.test_file).name}: pytest exit {run.returncode}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--jobs", type=int, default=2, help="pytest processes at a time (default 2)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="childplan-mutants-") as tmp:
        tmp = Path(tmp)
        try:
            baseline = copy_tree(tmp / "baseline")
            roots = {}
            for i, mutation in enumerate(MUTATIONS, 1):
                roots[mutation] = copy_tree(tmp / f"mutant{i}")
                apply(mutation, roots[mutation])
        except (MutationError, subprocess.CalledProcessError) as exc:
            print(f"mutants: {exc}", file=sys.stderr)
            return 2

        files = sorted({f for m in MUTATIONS for f in m.tests})
        jobs = [(None, baseline, f) for f in files] + [
            (m, roots[m], f) for m in MUTATIONS for f in m.tests
        ]
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [
                (m, pool.submit(run_tests, root, f, tmp / f"basetemp{k}"))
                for k, (m, root, f) in enumerate(jobs)
            ]
            # the baseline's files first: stop early if one fails
            base_runs = [fut.result() for m, fut in futures if m is None]
            broken = [r for r in base_runs if r.caught]
            if broken:
                for fut in (fut for m, fut in futures if m is not None):
                    fut.cancel()
                print(
                    "mutants: the tests fail on the unmutated tree; nothing is proved:",
                    file=sys.stderr,
                )
                for run in broken:
                    print(f"--- {run.test_file}\n{run.output[-3000:]}", file=sys.stderr)
                return 2
            runs: dict[Mutation, list[Run]] = {m: [] for m in MUTATIONS}
            for m, fut in futures:
                if m is not None:
                    runs[m].append(fut.result())

    survived = missed = 0
    width = max(len(m.name) for m in MUTATIONS)
    print(f"\n{'mutation':<{width + 3}}  caught by")
    print(f"{'-' * (width + 3)}  {'-' * 40}")
    for i, mutation in enumerate(MUTATIONS, 1):
        mutation_runs = runs[mutation]
        catchers = [r for r in mutation_runs if r.caught]
        page_caught = any(r.caught for r in mutation_runs if r.test_file == PAGE_TESTS)
        if not catchers:
            survived += 1
            lines = ["SURVIVED"]
        else:
            lines = [_caught_by(r) for r in mutation_runs]
            if not page_caught:
                missed += 1
                lines.append(f"NOT CAUGHT by {PAGE_TESTS}")
        name = f"{i}. {mutation.name}"
        for k, line in enumerate(lines):
            print(f"{name if k == 0 else '':<{width + 3}}  {line}")
    print(
        f"\n{len(MUTATIONS) - survived}/{len(MUTATIONS)} caught; "
        f"baseline and mutants in {time.monotonic() - started:.0f} s "
        f"({args.jobs} at a time)"
    )
    if survived or missed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
