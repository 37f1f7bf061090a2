-- one row per dimension and category of the commune injury report
--
-- Injuries occurring in the period of snapshot $snapshot_date: the 12-month
-- window (d - 12 months < occurred_on <= d), or d's calendar year up to d
-- when $year_to_date (a year's report), counted by cause, place, sex and
-- age band; every category listed (zeros included) in the order given.
-- Parameters: $snapshot_date DATE, $groups VARCHAR[] ([] = whole town),
-- $causes, $places, $sexes, $band_names VARCHAR[], $band_lows,
-- $band_highs INTEGER[] (inclusive age bounds of each band).
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
        and in_period(occurred_on, snapshot_date, $year_to_date)
        and (
            len($groups::varchar[]) = 0
            or list_contains($groups::varchar[], residential_group)
        )
),

age_bands as (
    select
        unnest($band_names::varchar[]) as category,
        unnest($band_lows::integer[]) as age_low,
        unnest($band_highs::integer[]) as age_high
),

categories as (
    select
        1 as dimension_order,
        'cause' as dimension,
        unnest($causes::varchar[]) as category,
        unnest(range(1, len($causes::varchar[]) + 1)) as category_order
    union all
    select
        2, 'place', unnest($places::varchar[]),
        unnest(range(1, len($places::varchar[]) + 1))
    union all
    select
        3, 'sex', unnest($sexes::varchar[]),
        unnest(range(1, len($sexes::varchar[]) + 1))
    union all
    select
        4, 'age_band', unnest($band_names::varchar[]),
        unnest(range(1, len($band_names::varchar[]) + 1))
),

injury_categories as (
    select 'cause' as dimension, cause as category, is_fatal from injuries
    union all
    select 'place', place, is_fatal from injuries
    union all
    select 'sex', sex, is_fatal from injuries
    union all
    select 'age_band', b.category, i.is_fatal
    from injuries as i
    inner join age_bands as b on i.age between b.age_low and b.age_high
),

category_counts as (
    select
        dimension,
        category,
        count(*) as injured_count,
        count(*) filter (where is_fatal) as death_count
    from injury_categories
    group by dimension, category
),

final as (
    select
        c.dimension,
        c.category,
        coalesce(n.injured_count, 0) as injured_count,
        coalesce(n.death_count, 0) as death_count
    from categories as c
    left join category_counts as n
        on c.dimension = n.dimension and c.category = n.category
    order by c.dimension_order, c.category_order
)

select * from final
