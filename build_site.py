"""`python build_site.py` = `foilog build`: check the log and build site/."""

import sys

from foilog.commands.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="foilog")
