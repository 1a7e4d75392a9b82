"""`python -m confplan` runs the command line."""

from confplan.cli import main

raise SystemExit(main())
