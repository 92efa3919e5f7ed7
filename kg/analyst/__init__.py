"""For notebooks: tables (pandas), charts (matplotlib), the offline map of Germany, and running
the notebooks to HTML.
"""
