"""`python build_site.py` = `foilog build`: check the log and build site/."""

import sys

from foilog.commands.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]], prog_name="foilog")
