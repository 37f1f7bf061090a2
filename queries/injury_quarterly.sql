-- one row per cause of the commune injury report and per column of its
-- table (the total, each sex, age band and place, and the unknown place)
--
-- The quarterly injury report (Báo cáo TNTT trẻ em theo quý, issue 12, item
-- 4): injuries that occurred from $date_from to $date_to (both included),
-- as the register at snapshot $snapshot_date knows them, whole town. Every
-- cause and column is listed, zeros included, in the order given. An
-- injury counts once in each dimension; one with no place counts in the
-- category 'unknown' of $places. Deaths are the injuries with fatal = yes.
-- Parameters: $snapshot_date, $date_from, $date_to DATE, $causes, $places,
-- $sexes, $band_names VARCHAR[], $band_lows, $band_highs INTEGER[]
-- (inclusive age bounds of each band).
with

injuries as (
    select
        cause,
        coalesce(place, 'unknown') as place,
        sex,
        age,
        coalesce(fatal, false) as is_fatal
    from incidents
    where snapshot_date = $snapshot_date::date
        and kind = 'injury'
        and occurred_on >= $date_from::date
        and occurred_on <= $date_to::date
),

causes as (
    select
        unnest($causes::varchar[]) as cause,
        unnest(range(1, len($causes::varchar[]) + 1)) as cause_order
),

age_bands as (
    select
        unnest($band_names::varchar[]) as category,
        unnest($band_lows::integer[]) as age_low,
        unnest($band_highs::integer[]) as age_high
),

report_columns as (
    select
        1 as dimension_order,
        'total' as dimension,
        'total' as category,
        1 as category_order
    union all
    select
        2, 'sex', unnest($sexes::varchar[]),
        unnest(range(1, len($sexes::varchar[]) + 1))
    union all
    select
        3, 'age_band', unnest($band_names::varchar[]),
        unnest(range(1, len($band_names::varchar[]) + 1))
    union all
    select
        4, 'place', unnest($places::varchar[]),
        unnest(range(1, len($places::varchar[]) + 1))
),

injury_columns as (
    select cause, 'total' as dimension, 'total' as category, is_fatal
    from injuries
    union all
    select cause, 'sex', sex, is_fatal from injuries
    union all
    select i.cause, 'age_band', b.category, i.is_fatal
    from injuries as i
    inner join age_bands as b on i.age between b.age_low and b.age_high
    union all
    select cause, 'place', place, is_fatal from injuries
),

column_counts as (
    select
        cause,
        dimension,
        category,
        count(*) as injured_count,
        count(*) filter (where is_fatal) as death_count
    from injury_columns
    group by cause, dimension, category
),

final as (
    select
        ca.cause,
        c.dimension,
        c.category,
        coalesce(n.injured_count, 0) as injured_count,
        coalesce(n.death_count, 0) as death_count
    from causes as ca
    cross join report_columns as c
    left join column_counts as n
        on ca.cause = n.cause
        and c.dimension = n.dimension
        and c.category = n.category
    order by ca.cause_order, c.dimension_order, c.category_order
)

select * from final
