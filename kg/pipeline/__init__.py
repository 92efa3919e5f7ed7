"""The build: resolve and check what :mod:`kg.sources` read (references, literals, duplicates,
SHACL), then write ``dist/`` atomically with a manifest of hashes (:mod:`kg.dist`).
"""
