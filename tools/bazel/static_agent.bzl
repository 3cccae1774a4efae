"""Link options for agents that Baton starts at every step of a run."""

# A program linked fully statically starts in about a third of the time of
# the same program linked against the shared libprotobuf and the 60 shared
# Abseil libraries (BENCHMARKS.md, "Executor"): no dynamic loader, no
# relocations, no symbol lookups. Only for agents whose libraries all ship
# as static archives on Debian and that need no NSS lookups (no libpq,
# no libgit2). Sanitized builds cannot link statically (ASan and UBSan need
# their shared runtimes), so `--config=asan` and `--config=fuzz` keep the
# default dynamic link.
STATIC_AGENT_LINKOPTS = select({
    "//tools/bazel:sanitized": [],
    "//conditions:default": ["-static"],
})
