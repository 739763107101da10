"""`python -m quizgen` runs the command line."""

from quizgen.cli import main

main()
