"""``python -m discourse.synth``: generate the synthetic corpus (see :func:`.generate.main`)."""

import sys

from .generate import main

sys.exit(main())
