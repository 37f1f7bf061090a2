"""Register exports into snapshots: read a CSV folder or workbook (read),
parse cells (values), pseudonymise national IDs (keys), check every
contract rule and publish whole or write nothing (checks)."""
