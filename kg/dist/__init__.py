"""The built dataset on disk: what a complete ``dist/`` holds, its manifest and how to verify it.

The build writes it; the store, the endpoint and ``kg push`` read it and trust nothing but the
manifest's own hashes: a copied ``dist/`` works without the sources it was built from.
"""

from kg.dist.manifest import DIST_FILES, MANIFEST, read_manifest, verify_dist, write_manifest

__all__ = ["DIST_FILES", "MANIFEST", "read_manifest", "verify_dist", "write_manifest"]
