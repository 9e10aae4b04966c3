"""What a run or a reading looks like to people and tools: terminal tables (the only importer
of tabulate), JSON documents, JUnit, the step summary, live progress, the report page.
"""
