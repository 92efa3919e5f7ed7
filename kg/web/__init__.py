"""What a browser sees: the interactive network page (vis-network, no CDN), the static site, and
``kg serve``, the SPARQL endpoint with its editor. HTML is made one way: Jinja templates in
``templates/`` under one environment (:mod:`kg.web.templating`).
"""
