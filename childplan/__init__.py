"""childplan: the Thị trấn Thắng child-affairs plan, from register to screen.

The flow, one room per concern (a room imports only from the rooms below it):

    dashboard.py          the frame: page set-up, login, filters, navigation
    pages/                one short script per page, read top to bottom
      app/                Streamlit glue: routes, the View, cached reads,
                          the blocks the pages repeat
        present/          plain functions: number formats, words (i18n),
                          charts, tables, downloads, markdown escaping
        disclosure/       what each role may see: every small-count and
                          role rule; nothing else decides what is hidden
        access/           accounts, login, the audit log
          indicators/     the plan catalogue (plans/*.toml), every target's
                          value from queries/*.sql, intervals and funnels,
                          data quality, forecasts and early warnings
            store/        the data contract, the snapshot store, the one
                          DuckDB door (db.py)
    ingest/               register exports checked against the contract,
                          published whole into the store or not at all
    sample/               the simulated town (sample_data/)
    decisions/            the committee's decisions beside their targets
                          (SQLite in the state folder, with history)
    cli/                  `python -m childplan ...`: ingest, simulate,
                          indicators, scorecard, users
    paths.py              where the repository's own files are
"""
