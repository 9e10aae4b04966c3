"""`plan mcp`: the commands as Model Context Protocol tools over stdio; the only importer of
mcp.
"""
