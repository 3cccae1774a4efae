#include "agents/etl/jinja_renderer.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "re2/re2.h"

namespace baton::agents::etl {
namespace {

int LineAt(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

absl::Status Error(std::string_view text, size_t offset, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("line ", LineAt(text, offset), ": ", what));
}

// The quoted string arguments of `args` ("'a', \"b\""), or nullopt-like
// empty result with ok=false when an argument is not a plain string.
bool StringArgs(const std::string& args, std::vector<std::string>* out) {
  static const RE2 kArg(R"re(\s*(?:'([A-Za-z0-9_]+)'|"([A-Za-z0-9_]+)")\s*)re");
  for (absl::string_view piece : absl::StrSplit(args, ',')) {
    std::string single, dbl;
    if (!RE2::FullMatch(std::string(piece), kArg, &single, &dbl)) return false;
    out->push_back(single.empty() ? dbl : single);
  }
  return true;
}

}  // namespace

std::string SourceTableName(absl::string_view source, absl::string_view table) {
  return absl::StrCat(source, "__", table);
}

absl::StatusOr<RenderedModel> RenderModelSql(absl::string_view raw) {
  const std::string_view text(raw.data(), raw.size());
  static const RE2 kCall(R"re(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*)re");
  RenderedModel model;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find('{', pos);
    if (open == std::string_view::npos || open + 1 >= text.size()) {
      model.sql.append(text.substr(pos));
      break;
    }
    const char kind = text[open + 1];
    if (kind != '{' && kind != '%' && kind != '#') {
      model.sql.append(text.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    model.sql.append(text.substr(pos, open - pos));
    const std::string close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
    size_t end = text.find(close, open + 2);
    if (end == std::string_view::npos) {
      return Error(text, open, absl::StrCat("unclosed '{", std::string(1, kind),
                                            "' (expected '", close, "')"));
    }
    const std::string inner(absl::StripAsciiWhitespace(
        absl::string_view(text.data() + open + 2, end - open - 2)));
    pos = end + 2;
    if (kind == '#') continue;  // A Jinja comment.
    if (kind == '%' && RE2::FullMatch(inner, R"re(if\s+is_incremental\(\s*\))re")) {
      // The incremental filter: a staging build is always a full refresh,
      // so the block is left out.
      size_t endif = text.find("endif", pos);
      size_t block_end = endif == std::string_view::npos
                             ? std::string_view::npos
                             : text.find("%}", endif);
      if (block_end == std::string_view::npos) {
        return Error(text, open, "'{% if is_incremental() %}' without '{% endif %}'");
      }
      pos = block_end + 2;
      continue;
    }
    if (kind == '%') {
      return Error(text, open,
                   absl::StrCat("unsupported Jinja statement '{% ", inner,
                                " %}' (only ref(), source() and config() are "
                                "rendered)"));
    }
    std::string name, args;
    if (!RE2::FullMatch(inner, kCall, &name, &args)) {
      return Error(text, open,
                   absl::StrCat("unsupported Jinja expression '{{ ", inner,
                                " }}' (only ref(), source() and config() are "
                                "rendered)"));
    }
    if (name == "config") continue;
    std::vector<std::string> values;
    const bool plain = StringArgs(args, &values);
    if (name == "ref") {
      if (!plain || values.size() != 1) {
        return Error(text, open, absl::StrCat("ref() takes one quoted model name, got '",
                                              inner, "'"));
      }
      model.refs.push_back(values[0]);
      model.sql.append(values[0]);
    } else if (name == "source") {
      if (!plain || values.size() != 2) {
        return Error(text, open,
                     absl::StrCat("source() takes a quoted source and table name, got '",
                                  inner, "'"));
      }
      model.sources.emplace_back(values[0], values[1]);
      model.sql.append(SourceTableName(values[0], values[1]));
    } else {
      return Error(text, open,
                   absl::StrCat("unsupported Jinja call '", name,
                                "()' (only ref(), source() and config() are "
                                "rendered)"));
    }
  }
  return model;
}

}  // namespace baton::agents::etl
