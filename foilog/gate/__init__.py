"""The leak gate: personal data and hidden content in text, attachments and the built site."""
