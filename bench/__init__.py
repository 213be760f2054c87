"""Benchmarks: scripts that time Veta's heavy paths against stated targets (see README.md here)."""
