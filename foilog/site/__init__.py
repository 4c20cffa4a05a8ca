"""What is published: the build plan, indexes, statistics, rendered pages, feeds, open data, search."""
