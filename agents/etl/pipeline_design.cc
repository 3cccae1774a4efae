#include "agents/etl/pipeline_design.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace baton::agents::etl {
namespace {

struct Known {
  const char* word;     // Lower-case, as found in the request.
  const char* display;  // As the documents write it.
  const char* source;   // dbt source name.
};

constexpr Known kSources[] = {
    {"mongodb", "MongoDB", "mongodb"},     {"mongo", "MongoDB", "mongodb"},
    {"mysql", "MySQL", "mysql"},           {"postgresql", "PostgreSQL", "postgres"},
    {"postgres", "PostgreSQL", "postgres"}, {"dynamodb", "DynamoDB", "dynamodb"},
    {"s3", "Amazon S3", "s3"},             {"kafka", "Kafka", "kafka"},
};
constexpr Known kTargets[] = {
    {"redshift", "Redshift", ""},   {"snowflake", "Snowflake", ""},
    {"bigquery", "BigQuery", ""},   {"athena", "Athena", ""},
    {"warehouse", "the warehouse", ""},
};

// The singular of a plural table name, for its key: orders -> order.
std::string Singular(absl::string_view plural) {
  if (absl::EndsWith(plural, "ies")) {
    return absl::StrCat(plural.substr(0, plural.size() - 3), "y");
  }
  if (absl::EndsWith(plural, "s")) return std::string(plural.substr(0, plural.size() - 1));
  return std::string(plural);
}

bool HasWord(const std::string& text, absl::string_view word) {
  return RE2::PartialMatch(text, absl::StrCat("\\b", word, "\\b"));
}

}  // namespace

absl::StatusOr<PipelineDesign> DesignPipeline(absl::string_view request) {
  const std::string text = absl::AsciiStrToLower(request);
  PipelineDesign design;
  const bool pipeline = RE2::PartialMatch(
      text, R"(\b(etl|elt|sync|pipeline|dbt|models?|load|ingest|replicat\w*)\b)");
  if (!pipeline) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the request \"", request,
        "\" names no pipeline: say what to sync or load (\"Build daily data "
        "sync from MongoDB to Redshift\") or which dbt models to create "
        "(\"Create dbt models for orders\")"));
  }
  // "from X" names the source; otherwise the first known system that is not
  // the target.
  std::string from;
  RE2::PartialMatch(text, R"(\bfrom\s+(\w+))", &from);
  for (const Known& known : kSources) {
    if ((!from.empty() && from == known.word) || (from.empty() && HasWord(text, known.word))) {
      design.source_system = known.display;
      design.source_name = known.source;
      break;
    }
  }
  for (const Known& known : kTargets) {
    if (HasWord(text, known.word)) {
      design.target = known.display;
      break;
    }
  }
  if (HasWord(text, "hourly")) design.schedule = "hourly";
  std::string entity;
  if (RE2::PartialMatch(text, R"(\b(?:for|of)\s+(?:the\s+)?([a-z_]+s)\b)", &entity) &&
      entity != "users" && entity != "models") {
    design.fact = entity;
  }
  design.fact_key = absl::StrCat(Singular(design.fact), "_id");
  return design;
}

std::map<std::string, std::string> DesignFacts(const PipelineDesign& design) {
  return {
      {"etl.source_system", design.source_system},
      {"etl.source", design.source_name},
      {"etl.target", design.target},
      {"etl.schedule", design.schedule},
      {"etl.fact", design.fact},
      {"etl.fact_key", design.fact_key},
      {"etl.incremental_key", design.incremental_key},
  };
}

absl::StatusOr<PipelineDesign> DesignFromFacts(
    const std::map<std::string, std::string>& facts) {
  PipelineDesign design;
  const std::vector<std::pair<const char*, std::string*>> fields = {
      {"etl.source_system", &design.source_system},
      {"etl.source", &design.source_name},
      {"etl.target", &design.target},
      {"etl.schedule", &design.schedule},
      {"etl.fact", &design.fact},
      {"etl.fact_key", &design.fact_key},
      {"etl.incremental_key", &design.incremental_key},
  };
  for (const auto& [key, field] : fields) {
    auto it = facts.find(key);
    if (it == facts.end() || it->second.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the handoff has no fact ", key,
          "; in the ETL Pipeline Development workflow systems-architect "
          "designs the pipeline first"));
    }
    *field = it->second;
  }
  if (!RE2::FullMatch(design.fact, "[a-z_]+") ||
      !RE2::FullMatch(design.source_name, "[a-z0-9_]+")) {
    return absl::InvalidArgumentError(
        absl::StrCat("etl.fact '", design.fact, "' or etl.source '",
                     design.source_name, "' is not a plain lower-case name"));
  }
  return design;
}

std::string StagingModel(const PipelineDesign& design) {
  return absl::StrCat("stg_", design.fact);
}
std::string IntermediateModel(const PipelineDesign& design) {
  return absl::StrCat("int_user_", design.fact);
}
std::string FactModel(const PipelineDesign& design) {
  return absl::StrCat("fct_", design.fact);
}

std::string SpecPath(const PipelineDesign& design) {
  return absl::StrCat("docs/specs/", design.fact, "_pipeline.md");
}
std::string DesignDocPath(const PipelineDesign& design) {
  return absl::StrCat("docs/design/", design.fact, "_pipeline.md");
}

std::string RenderPipelineSpec(const PipelineDesign& design,
                               absl::string_view request) {
  return absl::StrCat(
      "# Spec: ", design.fact, " pipeline\n\n",
      "Request: \"", request, "\"\n\n",
      "## Goal\n\n",
      "A ", design.schedule, " sync of `", design.fact, "` and `users` from ",
      design.source_system, " into ", design.target,
      ", modelled with dbt so analysts query clean, deduplicated tables.\n\n",
      "## Requirements\n\n",
      "- Sources: ", design.source_system, " collections `users` and `",
      design.fact, "` (dbt source `", design.source_name, "`).\n",
      "- Outputs: `", FactModel(design), "` (one row per ", design.fact_key,
      ") and `dim_users` (one row per user_id, with ", design.fact,
      " count and lifetime total).\n",
      "- Incremental: only rows whose `", design.incremental_key,
      "` is newer than the last load are read.\n",
      "- Re-running a load must not duplicate rows (idempotent).\n\n",
      "## Acceptance\n\n",
      "- Every model's SQL parses, every ref()/source() resolves, and the "
      "model graph is acyclic.\n",
      "- On fixture source rows the models build in dependency order and "
      "every model has rows.\n",
      "- No NULL in required fields, no duplicate keys, no negative amounts "
      "(the data card's data-quality rules).\n");
}

std::string RenderPipelineDesignDoc(const PipelineDesign& design) {
  const std::string stg = StagingModel(design);
  const std::string inter = IntermediateModel(design);
  const std::string fct = FactModel(design);
  return absl::StrCat(
      "# Design: ", design.fact, " pipeline (", design.source_system, " → ",
      design.target, ", ", design.schedule, ")\n\n",
      "## Flow\n\n```\n", design.source_system, " (users, ", design.fact,
      ")\n  → extract (", design.schedule, ", ", design.incremental_key,
      " > last watermark)\n  → raw tables ", design.source_name, "__users, ",
      design.source_name, "__", design.fact, " in ", design.target,
      "\n  → dbt: bronze → silver → gold\n```\n\n",
      "## Layers (medallion, dbt)\n\n",
      "| layer | dbt folder | models | materialization |\n|---|---|---|---|\n",
      "| bronze (raw, typed) | models/staging | stg_users, ", stg, " | view |\n",
      "| silver (cleaned, deduplicated, joined) | models/intermediate | ",
      inter, " | table |\n",
      "| gold (business metrics) | models/marts | ", fct, ", dim_users | ",
      fct, ": incremental on ", design.fact_key, "; dim_users: table |\n\n",
      "## Keys\n\n",
      "- Incremental key: `", design.incremental_key, "` (the watermark; ",
      fct, " reads only rows newer than its own max ", design.incremental_key,
      ").\n",
      "- Unique keys: `", design.fact_key, "` in ", fct,
      ", `user_id` in dim_users.\n\n",
      "## Idempotency\n\n",
      "- ", inter, " keeps the latest version of each ", design.fact_key,
      " (row_number over ", design.incremental_key,
      " desc), so a source document synced twice yields one row.\n",
      "- ", fct, " is incremental with `unique_key='", design.fact_key,
      "'`: a re-run merges instead of appending.\n",
      "- Extract windows overlap by one schedule interval; the dedup above "
      "absorbs the overlap.\n\n",
      "## Data quality\n\n",
      "- not_null + unique on every key; not_null on user_id and email.\n",
      "- tests/assert_positive_amounts.sql: no negative total.\n");
}

}  // namespace baton::agents::etl
