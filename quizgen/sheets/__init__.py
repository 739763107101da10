"""Printed sheets: worksheet, answer key, class sets (marking grid, class key), handout."""
