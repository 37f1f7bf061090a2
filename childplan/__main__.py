"""`python -m childplan ...`: the project's commands."""

from childplan.cli import main

raise SystemExit(main())
