#include "agents/migration/mysql_source.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "agents/data/postgres_database.h"
#include "mariadb/errmsg.h"
#include "mariadb/mysql.h"
#include "mariadb/mysqld_error.h"

namespace baton::agents::migration {
namespace {

constexpr char kUrlForm[] = "mysql://user[:password]@host[:port]/database";

// Frees a MYSQL_RES when it goes out of scope.
class ResultGuard {
 public:
  explicit ResultGuard(MYSQL_RES* result) : result_(result) {}
  ResultGuard(const ResultGuard&) = delete;
  ResultGuard& operator=(const ResultGuard&) = delete;
  ~ResultGuard() {
    if (result_ != nullptr) mysql_free_result(result_);
  }
  MYSQL_RES* get() const { return result_; }

 private:
  MYSQL_RES* result_;
};

std::string Unescape(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      if (absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

SourceRow ReadRow(MYSQL_RES* result, MYSQL_ROW row) {
  const unsigned int columns = mysql_num_fields(result);
  const unsigned long* lengths = mysql_fetch_lengths(result);
  SourceRow values;
  values.reserve(columns);
  for (unsigned int c = 0; c < columns; ++c) {
    if (row[c] == nullptr) {
      values.push_back(std::nullopt);
    } else {
      values.push_back(std::string(row[c], lengths[c]));
    }
  }
  return values;
}

}  // namespace

bool IsMysqlUrl(absl::string_view url) {
  return absl::StartsWith(url, "mysql://") || absl::StartsWith(url, "mariadb://");
}

absl::StatusOr<MysqlUrl> ParseMysqlUrl(absl::string_view url) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("bad MySQL URL \"", data::RedactUrl(url),
                                                   "\": ", why, "; expected ", kUrlForm));
  };
  if (!IsMysqlUrl(url)) return bad("it must start with mysql:// or mariadb://");
  absl::string_view rest = url.substr(url.find("://") + 3);
  if (size_t query = rest.find('?'); query != absl::string_view::npos) {
    rest = rest.substr(0, query);
  }
  MysqlUrl parsed;
  if (size_t at = rest.rfind('@'); at != absl::string_view::npos) {
    absl::string_view credentials = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = credentials.find(':');
    parsed.user = Unescape(credentials.substr(0, colon));
    if (colon != absl::string_view::npos) parsed.password = Unescape(credentials.substr(colon + 1));
  }
  size_t slash = rest.find('/');
  if (slash == absl::string_view::npos || slash + 1 == rest.size()) {
    return bad("it names no database");
  }
  parsed.database = Unescape(rest.substr(slash + 1));
  absl::string_view host = rest.substr(0, slash);
  if (size_t colon = host.rfind(':'); colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(host.substr(colon + 1), &parsed.port) || parsed.port <= 0 ||
        parsed.port > 65535) {
      return bad(absl::StrCat("port \"", host.substr(colon + 1), "\" is not a port number"));
    }
    host = host.substr(0, colon);
  }
  if (host.empty()) return bad("it names no host");
  parsed.host = std::string(host);
  return parsed;
}

absl::StatusOr<MysqlSource> MysqlSource::Connect(const std::string& url) {
  absl::StatusOr<MysqlUrl> parsed = ParseMysqlUrl(url);
  if (!parsed.ok()) return parsed.status();
  MYSQL* connection = mysql_init(nullptr);
  if (connection == nullptr) {
    return absl::ResourceExhaustedError("libmariadb could not allocate a connection");
  }
  unsigned int timeout = 10;
  mysql_optionsv(connection, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(connection, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  std::string password = parsed->password;
  if (password.empty()) {
    const char* from_env = std::getenv("MYSQL_PWD");
    if (from_env != nullptr) password = from_env;
  }
  if (mysql_real_connect(connection, parsed->host.c_str(),
                         parsed->user.empty() ? nullptr : parsed->user.c_str(),
                         password.empty() ? nullptr : password.c_str(),
                         parsed->database.c_str(), static_cast<unsigned int>(parsed->port),
                         nullptr, 0) == nullptr) {
    std::string message = absl::StrCat("cannot connect to MySQL at ", data::RedactUrl(url),
                                       ": ", mysql_error(connection), " (error ",
                                       mysql_errno(connection), ")");
    mysql_close(connection);
    return absl::UnavailableError(message);
  }
  MysqlSource source(connection, parsed->database, absl::StrCat(parsed->host, ":", parsed->port));
  absl::StatusOr<std::vector<SourceRow>> set = source.Query("SET time_zone = '+00:00'");
  if (!set.ok()) return set.status();
  return source;
}

MysqlSource::MysqlSource(st_mysql* connection, std::string database, std::string server)
    : connection_(connection), database_(std::move(database)), server_(std::move(server)) {}

MysqlSource::MysqlSource(MysqlSource&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)),
      database_(std::move(other.database_)),
      server_(std::move(other.server_)) {}

MysqlSource& MysqlSource::operator=(MysqlSource&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr) mysql_close(connection_);
    connection_ = std::exchange(other.connection_, nullptr);
    database_ = std::move(other.database_);
    server_ = std::move(other.server_);
  }
  return *this;
}

MysqlSource::~MysqlSource() {
  if (connection_ != nullptr) mysql_close(connection_);
}

absl::Status MysqlSource::Error(absl::string_view sql) const {
  const unsigned int code = mysql_errno(connection_);
  std::string statement(sql.substr(0, 300));
  if (sql.size() > 300) statement += "...";
  const std::string text = absl::StrCat(mysql_error(connection_), " (MySQL error ", code,
                                        ") in statement: ", statement);
  if (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST) {
    return absl::UnavailableError(text);
  }
  if (code == ER_PARSE_ERROR || code == ER_NO_SUCH_TABLE || code == ER_BAD_FIELD_ERROR ||
      code == ER_BAD_DB_ERROR) {
    return absl::InvalidArgumentError(text);
  }
  return absl::FailedPreconditionError(text);
}

absl::StatusOr<std::vector<SourceRow>> MysqlSource::Query(absl::string_view sql) {
  std::vector<SourceRow> rows;
  absl::Status status = Stream(sql, [&rows](const SourceRow& row) {
    rows.push_back(row);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

absl::Status MysqlSource::Stream(absl::string_view sql,
                                 const std::function<absl::Status(const SourceRow&)>& visit) {
  if (mysql_real_query(connection_, sql.data(), sql.size()) != 0) return Error(sql);
  ResultGuard result(mysql_use_result(connection_));
  if (result.get() == nullptr) {
    if (mysql_field_count(connection_) != 0) return Error(sql);
    return absl::OkStatus();
  }
  absl::Status visited;
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    // After an error keep fetching: the protocol needs the rest read.
    if (visited.ok()) visited = visit(ReadRow(result.get(), row));
  }
  if (mysql_errno(connection_) != 0) return Error(sql);
  return visited;
}

absl::StatusOr<int64_t> MysqlSource::QueryInt(absl::string_view sql) {
  absl::StatusOr<std::vector<SourceRow>> rows = Query(sql);
  if (!rows.ok()) return rows.status();
  if (rows->empty() || rows->front().empty() || !rows->front()[0].has_value()) {
    return absl::NotFoundError(absl::StrCat("no value returned by: ", sql));
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(*rows->front()[0], &value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an integer: \"", *rows->front()[0], "\" returned by: ", sql));
  }
  return value;
}

std::string MysqlSource::Quote(absl::string_view text) {
  std::string escaped(text.size() * 2 + 1, '\0');
  const unsigned long length =
      mysql_real_escape_string(connection_, escaped.data(), text.data(), text.size());
  escaped.resize(length);
  return absl::StrCat("'", escaped, "'");
}

std::string MysqlSource::version() const {
  return connection_ != nullptr ? mysql_get_server_info(connection_) : "";
}

std::string QuoteMysqlIdentifier(absl::string_view name) {
  std::string quoted = "`";
  for (char c : name) {
    if (c == '`') quoted += '`';
    quoted += c;
  }
  return quoted + "`";
}

}  // namespace baton::agents::migration
