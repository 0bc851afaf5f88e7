"""The one compiled part of kg: kg._ntscan, the loop of kg load's second reading of an
N-Triples file (kg/_ntscan.c). Optional: where it does not build (no C compiler), kg load reads
every line with pyoxigraph's parser instead, slower, with the same result. Everything else
about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("kg._ntscan", ["kg/_ntscan.c"], optional=True,
                             extra_compile_args=["-O2", "-Wall", "-Wextra"])])
