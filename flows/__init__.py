"""Prefect flows: orchestration only. They compose units of tasks/ and carry ids, never
personal data."""
