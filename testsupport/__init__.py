"""Test helpers shared by every app's tests: the network guard and loopback fakes."""
