"""`python -m bulkhead.runbooks ...`: the runbooks without the rest of the `bulkhead` CLI."""

import sys

from bulkhead.runbooks.cli import build_parser

args = build_parser().parse_args()
sys.exit(args.run(args))
