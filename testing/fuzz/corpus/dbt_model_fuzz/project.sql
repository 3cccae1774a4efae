{{ config(materialized='view') }}
select id as user_id, email, created_at from {{ source('raw', 'users') }}
---
select id as order_id, user_id, amount, status from {{ source("raw", "orders") }}
where status <> 'cancelled'
---
select o.order_id, o.user_id, o.amount, u.email
from {{ ref('stg_orders') }} o
join {{ ref('stg_users') }} u on u.user_id = o.user_id
{% if is_incremental() %}
where o.order_id > (select max(order_id) from {{ this }})
{% endif %}
---
{{ config(materialized='table', unique_key='user_id') }}
select user_id, count(*) as orders, sum(amount) as revenue
from {{ ref('int_orders') }}
group by user_id
