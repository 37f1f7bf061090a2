"""What each role may see: the roles and their permissions (roles), and the
rule for sensitive matters that every table and chart passes through
(rules). Nothing outside this room decides what is shown to whom."""
