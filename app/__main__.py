import sys

from .cli import main

# Guarded: the analysis process (multiprocessing "spawn") imports this module again.
if __name__ == "__main__":
    sys.exit(main())
