"""foilog: publish Freedom of Information responses as an accessible, searchable disclosure log."""

__version__ = "0.1.0"
