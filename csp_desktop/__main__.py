"""`python -m csp_desktop` is the same as the `csp-desktop` command."""

import sys

from csp_desktop.entry import main

sys.exit(main())
