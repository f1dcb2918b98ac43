import sys

from xjftz.cli import main

sys.exit(main())
