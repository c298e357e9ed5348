"""Content requests: what people searched for and did not find, and workshop gaps."""
