"""A run, as named steps: select, execute (the only importer of doit), check, record, finish;
and the workflow that threads them.
"""
