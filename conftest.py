"""Loaded by every test run, the notebooks' (nbval) included: glued numbers in checked outputs
are compared to a relative 1e-9, not digit for digit (see tools/nbval_tolerance.py)."""
from tools.nbval_tolerance import install

install()
