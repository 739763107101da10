"""Exports of a bank: quizgen JSON."""
