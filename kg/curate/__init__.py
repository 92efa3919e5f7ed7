"""For curators: the extractor that turns programme pages into curator YAML, and ``kg lint``."""
