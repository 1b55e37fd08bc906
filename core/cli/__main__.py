"""``python -m core.cli``: the same as the ``comptoir`` command."""

from . import main

main()
