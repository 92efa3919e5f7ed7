"""For developers and benchmarks: synthetic projects of realistic shape. Not part of the public API."""
