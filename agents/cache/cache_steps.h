// The three built-in agents' steps of the data card's "Cache Implementation"
// workflow (systems-architect → infrastructure-specialist → qa-specialist →
// git-workflow-manager):
//   systems-architect         CacheDesignStep: detects the stack, finds the
//                             entity's data access (ts_project.h), writes
//                             docs/design/<entity>_cache.md (SPEC, committed)
//                             and the "cache.*" facts (cache_design.h).
//   infrastructure-specialist CacheModuleStep: writes the cache-aside module
//                             (ts_cache_module.h) next to the repository
//                             module as a CODE artifact, committed. A module
//                             already at that path is kept, not overwritten,
//                             and verified as it is.
//   qa-specialist             CacheVerifyStep: cache_verifier.h with Redis
//                             from BATON_REDIS_URL (else a throwaway
//                             redis-server) and node packages from the
//                             repository or BATON_NODE_MODULES. Each failed
//                             property is an ERROR finding
//                             "cache-<property>" and the step FAILS naming
//                             the first.
// Thread-compatible: each writes in its request's workspace.
#ifndef BATON_AGENTS_CACHE_CACHE_STEPS_H_
#define BATON_AGENTS_CACHE_CACHE_STEPS_H_

#include "absl/status/statusor.h"
#include "executor/handoff.pb.h"

namespace baton::agents::cache {

inline constexpr char kCacheWorkflow[] = "Cache Implementation";

// Errors: FailedPrecondition when the repository is not TypeScript, NotFound
// when no data-access function for the request's entity exists,
// InvalidArgument for a bad TTL; Internal when the document cannot be written.
absl::StatusOr<handoff::AgentResult> CacheDesignStep(const handoff::AgentRequest& request);
// FailedPrecondition when the "cache.*" facts are missing.
absl::StatusOr<handoff::AgentResult> CacheModuleStep(const handoff::AgentRequest& request);
// As VerifyCacheModule (its errors); a FAILED result with findings when a
// property fails.
absl::StatusOr<handoff::AgentResult> CacheVerifyStep(const handoff::AgentRequest& request);

}  // namespace baton::agents::cache

#endif  // BATON_AGENTS_CACHE_CACHE_STEPS_H_
