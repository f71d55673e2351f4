"""Demo and national data: the people of API.md's "Demo data", and a dataset at national scale.

``seed_demo_data()`` builds the demo organisation (safe to run again); ``build_national()``
builds the national dataset for the benchmarks. The ``seed_demo`` command runs them, and
tests call them directly.
"""

from dea_support.demo.national import (
    NationalShape,
    analyse_national_tables,
    build_national,
    delete_national,
    national_exists,
    plan_national,
)
from dea_support.demo.people import DemoSummary, seed_demo_data

__all__ = [
    "DemoSummary",
    "NationalShape",
    "analyse_national_tables",
    "build_national",
    "delete_national",
    "national_exists",
    "plan_national",
    "seed_demo_data",
]
