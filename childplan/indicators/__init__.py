"""The numbers: the plan catalogue (plan), every target's value per
snapshot from the SQL (targets), intervals and funnel limits (stats), data
quality findings (quality), year-end projections (forecast, early_warnings)."""
