// gMock matchers for absl::Status / absl::StatusOr (Debian's Abseil
// 20220623 ships none). Use: EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound,
// HasSubstr("users"))).
#ifndef BATON_TESTING_STATUS_MATCHERS_H_
#define BATON_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace baton::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}

template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  if (status.code() != code) {
    *result_listener << "whose status is " << status.ToString();
    return false;
  }
  return ::testing::ExplainMatchResult(
      message_matcher, std::string(status.message()), result_listener);
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  if (!status.ok()) *result_listener << "whose status is " << status.ToString();
  return status.ok();
}

}  // namespace baton::testing

#endif  // BATON_TESTING_STATUS_MATCHERS_H_
