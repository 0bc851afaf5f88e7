"""Importers: the analyst's CSV format (``statements``) and real datasets (``ucdp``, ``unsc``,
``wikidata``). Each checks everything first and writes through ``kg.update.apply``."""

from .common import ImportRejected, Problem, Report

__all__ = ["ImportRejected", "Problem", "Report"]
