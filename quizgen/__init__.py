"""quizgen: grounded media-literacy worksheets from hand-written question banks."""

__version__ = "0.1.0"
