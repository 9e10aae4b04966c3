"""Where a plan lives: settings, finding plans, the one rule for "inside the repository", the
state folder (locks, logs, results, cache) and the atomic writer.
"""
