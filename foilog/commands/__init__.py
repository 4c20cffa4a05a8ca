"""The command line: click commands, their shared options and the errors that become exit codes.

(The rest of the CLI moves here in the reorganisation of issue 17; for now it holds
what every command shares.)
"""
