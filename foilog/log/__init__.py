"""The log: responses and settings as data, loaded and validated (no scanning, no site)."""
