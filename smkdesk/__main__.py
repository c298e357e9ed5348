import sys

from smkdesk.app import main

sys.exit(main())
