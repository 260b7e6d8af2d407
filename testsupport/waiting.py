"""Waiting for something another process or thread does, with a deadline instead of a fixed sleep."""

import time


def wait_until(predicate, *, timeout, interval=0.05, message="the condition"):
    """Poll `predicate` until it returns a true value (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {timeout} s for {message}.")
        time.sleep(interval)
