import sys

from regkb.cli import main

sys.exit(main())
