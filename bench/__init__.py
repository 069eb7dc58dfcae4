"""Benchmarks that print numbers (not tests): data generator, search benchmark, load test."""
