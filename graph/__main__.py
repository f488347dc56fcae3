"""``python -m graph`` runs the ``stafett`` command (handy where the console script is not on PATH)."""

from .cli import main

main()
