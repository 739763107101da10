"""Helpers every stage uses: problems (errors for people), files, defaults, labels, typography, output folders."""
