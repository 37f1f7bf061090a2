-- one row per residential group named in any snapshot, Vietnamese order
with

named_groups as (
    select distinct residential_group
    from residential_groups
),

final as (
    select residential_group
    from named_groups
    order by residential_group collate vi
)

select * from final
