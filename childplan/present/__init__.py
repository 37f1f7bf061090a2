"""Plain functions that turn values into what people read: numbers and
dates (fmt), words in Vietnamese and English (i18n), charts, tables and
downloads (charts, exports, quality_tables), markdown escaping (markdown),
and the filters' value type (filters). No `st.` calls here."""
