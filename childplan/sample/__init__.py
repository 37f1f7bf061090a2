"""The simulated town that sample_data/ holds (simulate)."""
