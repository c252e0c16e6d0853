"""Loaded by every test run, the notebooks' (nbval) included:

* glued numbers in checked outputs are compared to a relative 1e-9, not digit for digit
  (tools/nbval_tolerance.py);
* nbval runs the book's notebooks as the site build does, and a notebook that passes whole goes
  into the execution cache of the session's book build, which then does not run it again
  (tools/nbval_outputs.py)."""
from tools import nbval_outputs
from tools.nbval_tolerance import install

install()


def pytest_configure(config):
    nbval_outputs.install(config.pluginmanager)
