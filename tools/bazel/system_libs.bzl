"""A repository of cc_library targets for Debian's system libraries.

Headers are on the default include path; each target carries only link flags.
Abseil's flags come from pkg-config, because Debian's set of Abseil libraries
differs from upstream's and a hand-written list breaks at link time.
"""

_ABSL_MODULES = [
    "absl_flags_parse",
    "absl_flags_usage",
    "absl_flat_hash_map",
    "absl_flat_hash_set",
    "absl_hash",
    "absl_random_random",
    "absl_status",
    "absl_statusor",
    "absl_str_format",
    "absl_strings",
    "absl_synchronization",
    "absl_time",
]

# name -> link flags for libraries that need no pkg-config lookup.
_PLAIN_LIBS = {
    "benchmark": ["-lbenchmark", "-lpthread"],
    "benchmark_main": ["-lbenchmark_main", "-lbenchmark", "-lpthread"],
    "boost_process": ["-lboost_filesystem", "-lpthread"],
    "cmark": ["-lcmark"],
    "crypto": ["-lcrypto"],
    "git2": ["-lgit2"],
    "gmock": ["-lgmock", "-lgtest", "-lpthread"],
    "gtest": ["-lgtest", "-lpthread"],
    "gtest_main": ["-lgtest_main", "-lgtest", "-lpthread"],
    "mariadb": ["-lmariadb"],
    "pg_query": ["-lpg_query"],
    "pq": ["-lpq"],
    "re2": ["-lre2"],
    "sqlite3": ["-lsqlite3"],
    "yaml_cpp": ["-lyaml-cpp"],
}

_TARGET = """
cc_library(
    name = "{name}",
    linkopts = {linkopts},
)
"""

def _system_libs_impl(ctx):
    result = ctx.execute(["pkg-config", "--libs"] + _ABSL_MODULES)
    if result.return_code != 0:
        fail("pkg-config could not find Abseil (install libabsl-dev): " + result.stderr)
    absl_flags = result.stdout.strip().split(" ")
    build = ['package(default_visibility = ["//visibility:public"])\n']
    build.append(_TARGET.format(name = "absl", linkopts = repr(absl_flags)))
    for name, flags in _PLAIN_LIBS.items():
        build.append(_TARGET.format(name = name, linkopts = repr(flags)))
    ctx.file("WORKSPACE", 'workspace(name = "{}")\n'.format(ctx.name))
    ctx.file("BUILD.bazel", "".join(build))

system_libs = repository_rule(
    implementation = _system_libs_impl,
    local = True,
)
