"""Assessment of English councils' adult social care, end to end."""

__version__ = "0.1.0"
