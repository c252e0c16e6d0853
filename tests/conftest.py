"""Test settings shared by every module."""
from hypothesis import settings

# Hypothesis draws its examples from a fixed seed, so two runs test the same distributions.
settings.register_profile("infobook", derandomize=True, deadline=None)
settings.load_profile("infobook")
