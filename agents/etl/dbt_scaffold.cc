#include "agents/etl/dbt_scaffold.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace baton::agents::etl {
namespace {

namespace fs = std::filesystem;

// Replaces $SRC, $FACT, $KEY, $INC, $STG, $INT, $FCT in `text`.
std::string Fill(absl::string_view text, const PipelineDesign& design) {
  return absl::StrReplaceAll(text, {{"$SRC", design.source_name},
                                    {"$FACT", design.fact},
                                    {"$KEY", design.fact_key},
                                    {"$INC", design.incremental_key},
                                    {"$STG", StagingModel(design)},
                                    {"$INT", IntermediateModel(design)},
                                    {"$FCT", FactModel(design)},
                                    {"$SYSTEM", design.source_system},
                                    {"$SCHEDULE", design.schedule}});
}

constexpr char kProject[] = R"(name: '$FACT_pipeline'
version: '1.0.0'
config-version: 2
profile: 'warehouse'

model-paths: ['models']
test-paths: ['tests']
macro-paths: ['macros']

models:
  $FACT_pipeline:
    staging:
      +materialized: view      # bronze
    intermediate:
      +materialized: table     # silver
    marts:
      +materialized: table     # gold
)";

constexpr char kSources[] = R"(version: 2

sources:
  - name: $SRC
    description: Raw $SYSTEM collections, loaded $SCHEDULE by the extract job.
    tables:
      - name: users
      - name: $FACT
        loaded_at_field: $INC

models:
  - name: stg_users
    columns:
      - name: user_id
        tests: [not_null, unique]
      - name: email
        tests: [not_null]
  - name: $STG
    columns:
      - name: $KEY
        tests: [not_null]
      - name: user_id
        tests: [not_null]
)";

constexpr char kStgUsers[] = R"(-- Bronze: users as extracted from $SYSTEM, typed and trimmed.
select
  cast(id as integer) as user_id,
  lower(trim(email)) as email,
  name as user_name,
  updated_at
from {{ source('$SRC', 'users') }}
where id is not null
)";

constexpr char kStgFact[] = R"(-- Bronze: $FACT as extracted from $SYSTEM (every synced version).
select
  cast(id as integer) as $KEY,
  cast(user_id as integer) as user_id,
  lower(status) as status,
  cast(total as numeric) as total,
  created_at,
  $INC
from {{ source('$SRC', '$FACT') }}
where id is not null
)";

constexpr char kIntermediate[] = R"(-- Silver: the latest version of each $KEY (a document synced twice
-- yields one row), joined to its user.
with ranked as (
  select
    f.*,
    row_number() over (partition by f.$KEY order by f.$INC desc) as version_rank
  from {{ ref('$STG') }} f
)
select
  r.$KEY,
  r.user_id,
  u.email,
  r.status,
  r.total,
  r.created_at,
  r.$INC
from ranked r
join {{ ref('stg_users') }} u on u.user_id = r.user_id
where r.version_rank = 1
)";

constexpr char kIntermediateYml[] = R"(version: 2

models:
  - name: $INT
    columns:
      - name: $KEY
        tests: [not_null, unique]
      - name: user_id
        tests: [not_null]
)";

constexpr char kFact[] = R"({{ config(materialized='incremental', unique_key='$KEY') }}
-- Gold: one row per $KEY; re-runs merge on $KEY (idempotent).
select
  $KEY,
  user_id,
  status,
  total,
  created_at,
  $INC
from {{ ref('$INT') }}
{% if is_incremental() %}
where $INC > (select max($INC) from {{ this }})
{% endif %}
)";

constexpr char kDim[] = R"(-- Gold: one row per user with their $FACT totals.
select
  u.user_id,
  u.email,
  u.user_name,
  count(f.$KEY) as $FACT_count,
  coalesce(sum(f.total), 0) as lifetime_total
from {{ ref('stg_users') }} u
left join {{ ref('$INT') }} f on f.user_id = u.user_id
group by u.user_id, u.email, u.user_name
)";

constexpr char kMartsYml[] = R"(version: 2

models:
  - name: $FCT
    columns:
      - name: $KEY
        tests: [not_null, unique]
      - name: user_id
        tests: [not_null]
      - name: total
        tests: [not_null]
  - name: dim_users
    columns:
      - name: user_id
        tests: [not_null, unique]
      - name: email
        tests: [not_null]
)";

constexpr char kPositiveAmounts[] = R"(-- Fails when any $FACT row has a negative total.
select $KEY, total
from {{ ref('$FCT') }}
where total < 0
)";

constexpr char kSchemaMacro[] = R"({% macro generate_schema_name(custom_schema_name, node) -%}
  {{ custom_schema_name | default(target.schema, true) | trim }}
{%- endmacro %}
)";

constexpr char kFixtures[] = R"(-- Fixture source rows for staging runs of the dbt models: what the
-- $SCHEDULE extract from $SYSTEM lands in the raw tables. $FACT 2 was synced
-- twice (an update), which the silver layer must deduplicate.
CREATE TABLE $SRC__users (
  id INTEGER,
  email VARCHAR(255),
  name VARCHAR(255),
  updated_at TIMESTAMP
);
CREATE TABLE $SRC__$FACT (
  id INTEGER,
  user_id INTEGER,
  status VARCHAR(20),
  total DECIMAL(10,2),
  created_at TIMESTAMP,
  $INC TIMESTAMP
);
INSERT INTO $SRC__users (id, email, name, updated_at) VALUES
  (1, ' Ada@Example.com ', 'Ada', '2026-01-01 00:00:00'),
  (2, 'grace@example.com', 'Grace', '2026-01-01 00:00:00'),
  (3, 'linus@example.com', 'Linus', '2026-01-02 00:00:00');
INSERT INTO $SRC__$FACT (id, user_id, status, total, created_at, $INC) VALUES
  (1, 1, 'PAID', 20.00, '2026-01-01 10:00:00', '2026-01-01 10:00:00'),
  (2, 1, 'pending', 15.50, '2026-01-01 11:00:00', '2026-01-01 11:00:00'),
  (2, 1, 'PAID', 15.50, '2026-01-01 11:00:00', '2026-01-02 09:00:00'),
  (3, 2, 'shipped', 99.99, '2026-01-02 08:00:00', '2026-01-02 08:00:00');
)";

}  // namespace

absl::StatusOr<std::vector<std::string>> WriteDbtScaffold(
    const std::string& workspace, const PipelineDesign& design) {
  const std::vector<std::pair<std::string, const char*>> files = {
      {"dbt/dbt_project.yml", kProject},
      {"dbt/models/staging/_sources.yml", kSources},
      {"dbt/models/staging/stg_users.sql", kStgUsers},
      {absl::StrCat("dbt/models/staging/", StagingModel(design), ".sql"), kStgFact},
      {absl::StrCat("dbt/models/intermediate/", IntermediateModel(design), ".sql"),
       kIntermediate},
      {"dbt/models/intermediate/_intermediate.yml", kIntermediateYml},
      {absl::StrCat("dbt/models/marts/", FactModel(design), ".sql"), kFact},
      {"dbt/models/marts/dim_users.sql", kDim},
      {"dbt/models/marts/_marts.yml", kMartsYml},
      {"dbt/tests/assert_positive_amounts.sql", kPositiveAmounts},
      {"dbt/macros/generate_schema_name.sql", kSchemaMacro},
      {kFixturesFile, kFixtures},
  };
  for (const auto& [path, text] : files) {
    if (absl::EndsWith(path, ".sql") && absl::StrContains(path, "/models/") &&
        fs::exists(fs::path(workspace) / path)) {
      return absl::AlreadyExistsError(absl::StrCat(
          path, " already exists; the scaffold does not overwrite models"));
    }
  }
  std::vector<std::string> written;
  for (const auto& [path, text] : files) {
    const fs::path full = fs::path(workspace) / path;
    std::error_code error;
    fs::create_directories(full.parent_path(), error);
    std::ofstream out(full, std::ios::trunc);
    out << Fill(text, design);
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", full.string()));
    written.push_back(path);
  }
  return written;
}

}  // namespace baton::agents::etl
