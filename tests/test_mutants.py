"""The mutation list of tests/mutants.py cannot silently rot: each
mutation's original text is in its file exactly once today, and its test
files exist (the mutation runs themselves: `make mutants`)."""

import pytest

from tests.mutants import MUTATIONS, PAGE_TESTS, REPO


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.file)
def test_each_mutations_text_occurs_exactly_once(mutation):
    text = (REPO / mutation.file).read_text(encoding="utf-8")
    assert text.count(mutation.original) == 1, mutation.name
    assert mutation.replacement != mutation.original
    assert mutation.tests[0] == PAGE_TESTS
    for test_file in mutation.tests:
        assert (REPO / test_file).is_file(), test_file


def test_the_five_mutations_are_listed():
    assert len(MUTATIONS) == len({m.file for m in MUTATIONS}) == 5
