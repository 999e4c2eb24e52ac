"""The rules of the assessment, in plain Python: nothing below this package imports Django."""
