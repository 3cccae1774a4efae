// The handoff protocol version (executor/handoff.proto). Agents refuse a
// request of another version; checkpoints record the version that wrote them.
#ifndef BATON_EXECUTOR_PROTOCOL_VERSION_H_
#define BATON_EXECUTOR_PROTOCOL_VERSION_H_

#include <cstdint>

namespace baton::executor {

inline constexpr uint32_t kProtocolVersion = 1;

}  // namespace baton::executor

#endif  // BATON_EXECUTOR_PROTOCOL_VERSION_H_
