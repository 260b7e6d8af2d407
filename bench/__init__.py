"""LeaseLine's benchmarks: `make bench` (python -m bench).

Starts its own server (gunicorn on loopback, production settings, PostgreSQL + Redis),
loads realistic data, measures, prints one table and writes it into the README.
"""
