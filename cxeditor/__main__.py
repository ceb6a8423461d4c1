"""`python -m cxeditor` behaves like the `cxeditor` command."""

from cxeditor.cli.main import main

raise SystemExit(main())
