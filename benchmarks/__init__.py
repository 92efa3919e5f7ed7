"""Benchmarks of Kommunen-KG (not part of the test suite): ``make bench`` runs them."""
