"""One fuzz target, built two ways.

baton_fuzz_target(name = "x_fuzz", ...) expects x_fuzz.cc defining
LLVMFuzzerTestOneInput, corpus/x_fuzz/ (seed inputs) and regressions/x_fuzz/
(every input that ever crashed it, plus a README.md), and declares:

  x_fuzz_test  a cc_test linking the target with fuzz_replay_main.cc: the
               regular suite (and --config=asan) replays the seed corpus and
               the regressions.
  x_fuzzer     the libFuzzer binary; tagged manual, built only with
               --config=fuzz (clang), see tools/run_fuzzers.sh.
"""

load("//tools/bazel:copts.bzl", "BATON_COPTS")

def baton_fuzz_target(name, deps, data = [], size = "small"):
    inputs = native.glob([
        "corpus/%s/**" % name,
        "regressions/%s/**" % name,
    ])
    native.cc_test(
        name = name + "_test",
        size = size,
        srcs = [name + ".cc"],
        args = [
            "testing/fuzz/corpus/" + name,
            "testing/fuzz/regressions/" + name,
        ],
        copts = BATON_COPTS,
        data = data + inputs,
        deps = deps + [
            ":fuzz_replay_main",
            ":fuzz_support",
        ],
    )
    native.cc_binary(
        name = name[:-len("_fuzz")] + "_fuzzer",
        srcs = [name + ".cc"],
        copts = BATON_COPTS,
        data = data + inputs,
        tags = ["manual"],
        testonly = True,
        deps = deps + [":fuzz_support"],
    )
