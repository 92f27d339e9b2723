"""One streaming pass over each host's logs for every pattern of the active checks."""
