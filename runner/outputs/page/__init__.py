"""`plan report`: one self-contained HTML page: its data, its chart, its style, its rendering."""
