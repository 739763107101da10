"""Self-study: the offline self-check page and terminal practice."""
