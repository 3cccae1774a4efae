select {{ var('x') }} from {{ ref('missing') }}
---
select * from {{ source('raw', 'payments') }}
---
{% for x in y %} select 1 {% endfor %}
---
select * from {{ ref('int_orders'
