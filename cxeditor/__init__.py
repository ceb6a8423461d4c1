"""cxeditor: localize English articles that quote tweets into Korean."""

__version__ = "0.1.0"
