#include "agents/data/json_value.h"

#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace baton::agents::data {
namespace {

using ::google::protobuf::Value;

constexpr int kMaxDepth = 600;  // Inside an 8 MB stack even under ASan (~4 KB a level).

class Reader {
 public:
  explicit Reader(absl::string_view text) : text_(text) {}

  absl::Status ReadDocument(Value* value) {
    if (absl::Status status = ReadValue(value, 0); !status.ok()) return status;
    SkipBlanks();
    if (pos_ != text_.size()) return Error("text after the value");
    return absl::OkStatus();
  }

 private:
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("JSON: ", what, " at byte ", pos_));
  }

  void SkipBlanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Consume(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  absl::Status ReadValue(Value* value, int depth) {
    if (depth > kMaxDepth) return Error("nesting too deep");
    SkipBlanks();
    if (pos_ >= text_.size()) return Error("missing value");
    const char c = text_[pos_];
    if (c == '{') return ReadObject(value, depth);
    if (c == '[') return ReadArray(value, depth);
    if (c == '"') return ReadString(value->mutable_string_value());
    if (Consume("true")) {
      value->set_bool_value(true);
    } else if (Consume("false")) {
      value->set_bool_value(false);
    } else if (Consume("null")) {
      value->set_null_value(google::protobuf::NULL_VALUE);
    } else {
      return ReadNumber(value);
    }
    return absl::OkStatus();
  }

  absl::Status ReadObject(Value* value, int depth) {
    ++pos_;  // '{'
    auto* fields = value->mutable_struct_value()->mutable_fields();
    SkipBlanks();
    if (Consume("}")) return absl::OkStatus();
    while (true) {
      SkipBlanks();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Error("expected a key");
      std::string key;
      if (absl::Status status = ReadString(&key); !status.ok()) return status;
      SkipBlanks();
      if (!Consume(":")) return Error("expected ':'");
      Value& field = (*fields)[key];
      field.Clear();
      if (absl::Status status = ReadValue(&field, depth + 1); !status.ok()) return status;
      SkipBlanks();
      if (Consume("}")) return absl::OkStatus();
      if (!Consume(",")) return Error("expected ',' or '}'");
    }
  }

  absl::Status ReadArray(Value* value, int depth) {
    ++pos_;  // '['
    auto* list = value->mutable_list_value();
    SkipBlanks();
    if (Consume("]")) return absl::OkStatus();
    while (true) {
      if (absl::Status status = ReadValue(list->add_values(), depth + 1); !status.ok()) {
        return status;
      }
      SkipBlanks();
      if (Consume("]")) return absl::OkStatus();
      if (!Consume(",")) return Error("expected ',' or ']'");
    }
  }

  absl::Status ReadHex4(uint32_t* code) {
    if (pos_ + 4 > text_.size()) return Error("short \\u escape");
    *code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      if (!absl::ascii_isxdigit(c)) return Error("bad \\u escape");
      *code = *code * 16 + static_cast<uint32_t>(absl::ascii_isdigit(c) ? c - '0'
                                                  : absl::ascii_tolower(c) - 'a' + 10);
    }
    return absl::OkStatus();
  }

  static void AppendUtf8(uint32_t code, std::string* out) {
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (code >> 18)));
      out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  absl::Status ReadString(std::string* out) {
    ++pos_;  // '"'
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return absl::OkStatus();
      if (static_cast<unsigned char>(c) < 0x20) return Error("control character in a string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char escape = text_[pos_++];
      switch (escape) {
        case '"': case '\\': case '/': out->push_back(escape); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t code = 0;
          if (absl::Status status = ReadHex4(&code); !status.ok()) return status;
          if (code >= 0xD800 && code < 0xDC00 && Consume("\\u")) {
            uint32_t low = 0;
            if (absl::Status status = ReadHex4(&low); !status.ok()) return status;
            if (low < 0xDC00 || low > 0xDFFF) return Error("bad surrogate pair");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          } else if (code >= 0xD800 && code < 0xE000) {
            return Error("lone surrogate");
          }
          AppendUtf8(code, out);
          break;
        }
        default: return Error("bad escape");
      }
    }
    return Error("unterminated string");
  }

  absl::Status ReadNumber(Value* value) {
    const size_t start = pos_;
    while (pos_ < text_.size() && (absl::ascii_isdigit(text_[pos_]) || text_[pos_] == '-' ||
                                   text_[pos_] == '+' || text_[pos_] == '.' ||
                                   text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
    }
    double number = 0;
    if (pos_ == start || !absl::SimpleAtod(text_.substr(start, pos_ - start), &number)) {
      pos_ = start;
      return Error("expected a value");
    }
    value->set_number_value(number);
    return absl::OkStatus();
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<Value> JsonToValue(absl::string_view json) {
  Value value;
  Reader reader(json);
  if (absl::Status status = reader.ReadDocument(&value); !status.ok()) return status;
  return value;
}

}  // namespace baton::agents::data
