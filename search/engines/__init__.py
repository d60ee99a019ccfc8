"""The two engines behind one query shape (search/query.py): database and Elasticsearch."""
