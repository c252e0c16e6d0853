"""The one compiled part of infolib: a one-pass joint count (optional: numpy does it otherwise)."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("infolib.estimators._pair_counts", ["infolib/estimators/_pair_counts.c"],
                             extra_compile_args=["-O3"], optional=True)])
