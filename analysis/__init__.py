"""Coverage analysis: quotes, claims, rhetoric and troop-number mentions in crisis news."""

__version__ = "0.1.0"
