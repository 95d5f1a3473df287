"""``python -m secure_communities_article`` and the ``secure-communities-article`` command.

A SIGINT while the tool's modules import ends it quietly (status 130), as one during a
command does (see ``_cli``): the handler is installed before the tool's modules import.
"""

import signal
import sys

if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, lambda number, frame: sys.exit(128 + number))

from ._cli import main  # after the handler: this import is most of the start-up

if __name__ == "__main__":
    sys.exit(main())
