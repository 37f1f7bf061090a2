"""What a spreadsheet must read as text: the one rule every download applies
to its cells (the CSV files here, the Excel files in
childplan.present.workbook), so that a name typed into the register can never
become a formula on an officer's machine.

Plain functions of a cell's value, no Streamlit.
"""

from __future__ import annotations

# The first characters that make Excel, LibreOffice Calc or Google Sheets
# read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value) -> bool:
    """Whether a cell is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def spreadsheet_cell(value):
    """A cell as a spreadsheet must read it.

    The rule (OWASP's CSV-injection advice): a TEXT cell that starts with
    '=', '+', '-', '@', a tab or a carriage return gets a single quote in
    front ('=HYPERLINK(...)' is written "'=HYPERLINK(...)"), so the
    spreadsheet shows it as text and never runs it. Every other value comes
    back unchanged: other text, and every value that is not text -- numbers,
    dates, None.

    Decided by the cell's type, not by its first character: the caller
    hands the value before it turns numbers into text, so a change of -0.5
    in a numeric column stays the number -0,5, while the text '-0,5' in a
    column of text (a name, an id) is quoted. Quoting of fields that hold
    the separator, a quote or a line break is the CSV writer's part.
    """
    if starts_formula(value):
        return "'" + value
    return value
