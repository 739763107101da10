"""A seeded draw of a bank: which questions, in which order, with which choice and row order; the manifest."""
