"""plan: make ExecPlans executable."""

__version__ = "0.1.0"
