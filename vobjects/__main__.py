"""Run the vobjects command: python -m vobjects."""

import sys

from vobjects._cli import main

sys.exit(main())
