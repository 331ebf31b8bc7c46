"""Avance: institutional plans as living data."""

__version__ = "0.1.0"
