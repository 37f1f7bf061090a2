"""Register exports into snapshots: read a CSV folder or workbook (read),
parse cells (values), pseudonymise national IDs (keys), check every contract
rule row by row (rules), word the report and the problems (messages), and
publish whole or write nothing (checks, the command).
"""
