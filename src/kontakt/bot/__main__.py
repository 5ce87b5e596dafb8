import sys

from kontakt.bot._main import main

sys.exit(main())
