// Renders the Jinja calls a dbt model may use to plain SQL: `{{ ref('m') }}`
// becomes the model's table `m`, `{{ source('s', 't') }}` the source table
// `s__t`, and `{{ config(...) }}` is dropped. Anything else inside `{{ }}`
// or `{% %}` is refused with the line it is on, so no model is run
// half-rendered; the one exception, `{% if is_incremental() %} ...
// {% endif %}`, is left out (a staging build is a full refresh). Stateless; thread-safe.
#ifndef BATON_AGENTS_ETL_JINJA_RENDERER_H_
#define BATON_AGENTS_ETL_JINJA_RENDERER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace baton::agents::etl {

struct RenderedModel {
  std::string sql;                // With every call replaced.
  std::vector<std::string> refs;  // Model names, in order of appearance.
  std::vector<std::pair<std::string, std::string>> sources;  // (source, table)
};

// The table a source(source, table) call renders to.
std::string SourceTableName(absl::string_view source, absl::string_view table);

// InvalidArgument "line N: ..." for an unclosed `{{`, an unsupported
// expression or statement (`{% if %}`, `{{ var('x') }}`), or a ref/source
// with wrong arguments.
absl::StatusOr<RenderedModel> RenderModelSql(absl::string_view text);

}  // namespace baton::agents::etl

#endif  // BATON_AGENTS_ETL_JINJA_RENDERER_H_
