#include "agents/migration/value_codec.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "agents/migration/source_schema.h"

namespace baton::agents::migration {
namespace {

constexpr char kNull[] = "\\N";

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 0xf];
  }
  return hex;
}

// "12:00:00.500000" -> "12:00:00.5"; "12:00:00.000" -> "12:00:00".
std::string TrimFraction(std::string value) {
  const size_t dot = value.rfind('.');
  if (dot == std::string::npos || value.find(':') == std::string::npos || dot < value.rfind(':')) {
    return value;
  }
  size_t end = value.size();
  while (end > dot + 1 && value[end - 1] == '0') --end;
  if (end == dot + 1) end = dot;
  value.resize(end);
  return value;
}

bool LooksNumeric(const std::string& value) {
  if (value.empty()) return false;
  for (char c : value) {
    if (!absl::ascii_isdigit(c) && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
      return false;
    }
  }
  return true;
}

bool IsDateKind(ValueKind kind) {
  return kind == ValueKind::kDate || kind == ValueKind::kTimestamp ||
         kind == ValueKind::kTimestampTz;
}

}  // namespace

absl::StatusOr<std::string> SqlLiteral(ValueKind kind, const std::optional<std::string>& value) {
  if (!value.has_value()) return std::string("NULL");
  const std::string& v = *value;
  if (IsDateKind(kind) && IsZeroDate(v)) return std::string("NULL");
  switch (kind) {
    case ValueKind::kInteger:
    case ValueKind::kNumeric:
    case ValueKind::kFloat:
    case ValueKind::kDouble:
      if (!LooksNumeric(v)) {
        return absl::InvalidArgumentError(absl::StrCat("\"", v, "\" is not a number"));
      }
      return v;
    case ValueKind::kBoolean:
      return std::string(v == "0" ? "false" : "true");
    case ValueKind::kBytes:
      return absl::StrCat("'\\x", Hex(v), "'::bytea");
    case ValueKind::kTimestampTz:
      return PgLiteral(absl::StrCat(v, "+00"));
    case ValueKind::kText:
    case ValueKind::kDate:
    case ValueKind::kTimestamp:
    case ValueKind::kTime:
      if (v.find('\0') != std::string::npos) {
        return absl::InvalidArgumentError(
            "the text holds a NUL byte, which PostgreSQL text cannot store");
      }
      return PgLiteral(v);
  }
  return PgLiteral(v);
}

std::string CanonicalSource(ValueKind kind, const std::optional<std::string>& value) {
  if (!value.has_value()) return kNull;
  const std::string& v = *value;
  switch (kind) {
    case ValueKind::kBoolean:
      return v == "0" ? "f" : "t";
    case ValueKind::kFloat: {
      float number = 0;
      if (!absl::SimpleAtof(v, &number)) return v;
      return absl::StrFormat("%.9g", number);
    }
    case ValueKind::kDouble: {
      double number = 0;
      if (!absl::SimpleAtod(v, &number)) return v;
      return absl::StrFormat("%.17g", number);
    }
    case ValueKind::kDate:
    case ValueKind::kTimestamp:
    case ValueKind::kTimestampTz:
      if (IsZeroDate(v)) return kNull;
      return TrimFraction(v);
    case ValueKind::kTime:
      return TrimFraction(v);
    case ValueKind::kBytes:
      return Hex(v);
    case ValueKind::kInteger:
    case ValueKind::kNumeric:
    case ValueKind::kText:
      return v;
  }
  return v;
}

std::string CanonicalTarget(ValueKind kind, const std::optional<std::string>& value) {
  if (!value.has_value()) return kNull;
  std::string v = *value;
  switch (kind) {
    case ValueKind::kBoolean:
      return v == "t" || v == "true" ? "t" : "f";
    case ValueKind::kFloat: {
      float number = 0;
      if (!absl::SimpleAtof(v, &number)) return v;
      return absl::StrFormat("%.9g", number);
    }
    case ValueKind::kDouble: {
      double number = 0;
      if (!absl::SimpleAtod(v, &number)) return v;
      return absl::StrFormat("%.17g", number);
    }
    case ValueKind::kTimestampTz:
      if (absl::EndsWith(v, "+00")) v.resize(v.size() - 3);
      return TrimFraction(v);
    case ValueKind::kDate:
    case ValueKind::kTimestamp:
    case ValueKind::kTime:
      return TrimFraction(v);
    case ValueKind::kBytes:
      return absl::StartsWith(v, "\\x") ? v.substr(2) : v;
    case ValueKind::kInteger:
    case ValueKind::kNumeric:
    case ValueKind::kText:
      return v;
  }
  return v;
}

}  // namespace baton::agents::migration
