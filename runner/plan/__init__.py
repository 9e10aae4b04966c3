"""A plan, read and edited: its tasks, gates, statuses, metadata, declared commands,
expectations and thresholds, the journal, acceptance, lint; pure (no processes, no clock, no
git).
"""
