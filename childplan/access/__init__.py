"""Who is using the dashboard: accounts and password checks (auth), the
login gate in Streamlit (login), the audit log (audit)."""
