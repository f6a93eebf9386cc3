"""Benchmarks of 中枢 (not part of the test suite): `python -m bench` lists them,
`python -m bench NAME [options]` runs one. Each benchmark is a module bench/NAME.py with a
one-line DESCRIPTION and a main(argv: list[str]) -> int. Results go to bench/RESULTS.md."""
