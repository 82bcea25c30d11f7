"""`python -m csp_desktop` is the same as the `csp-desktop` command."""

import sys

from csp_desktop.cli import main

sys.exit(main())
