"""The outside world on loopback: one module per external service LeaseLine talks to.

Each answers like the real provider, from payloads shaped like its documentation; tests and
benchmarks point the service's base-URL setting at the fake. Nothing inside LeaseLine is faked.
"""
