"""`python -m alloy_desktop` starts the app."""

from alloy_desktop.app import main

raise SystemExit(main())
