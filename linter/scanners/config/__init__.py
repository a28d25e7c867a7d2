"""Structured config formats: each scanner reports values by key path with exact positions."""
