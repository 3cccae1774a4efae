select * from {{ ref('stg_orders') }}
---
select * from {{ ref('stg_users') }}
