"""`python -m childplan ...`: the project's commands."""

from childplan.cli.main import main

raise SystemExit(main())
