"""Streamlit glue between the frame and the rooms below: the page routing
tables (routes), the View of store and filters (view), cached reads
(reads), and the blocks pages repeat (blocks, overview, quality)."""
