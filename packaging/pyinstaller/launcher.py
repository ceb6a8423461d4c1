"""Entry point of the frozen bundle: the same `cxeditor` command."""

from cxeditor.cli.main import main

raise SystemExit(main())
