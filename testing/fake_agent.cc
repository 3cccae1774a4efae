// A scripted fake agent for executor tests. argv[1] picks the behaviour:
//   ok            valid SUCCEEDED result, summary names the step's agent
//   write:PATH    writes PATH (relative to cwd) and reports it as an artifact
//   exit:N        writes to stderr, exits with N
//   signal:N      kills itself with signal N
//   garbage       prints text that is not an AgentResult
//   hang          sleeps forever
//   flood:BYTES   writes BYTES bytes to stdout
//   fail          valid FAILED result
//   transient:K   TRANSIENT_FAILURE for the first K calls (counted in a file
//                 in the scratch dir), then SUCCEEDED
//   env           SUCCEEDED, summary = the environment, one NAME=value a line
//   fact:K=V      SUCCEEDED with fact K=V
//   slowfact:MS:K=V  sleeps MS milliseconds, then as fact:K=V
//   slowwrite:MS:PATH  writes half of PATH, sleeps MS ms, writes the rest,
//                 then reports it like write:PATH
//   failfinding:RULE  FAILED with an ERROR finding RULE
//   history       SUCCEEDED, summary "saw N step records, M omitted; stages
//                 B+S+A" (B omitted before, S sent, A omitted after)
//   size          SUCCEEDED, summary "read N bytes" (the request's size)
//   nostdin       closes stdin without reading it, then answers as ok
//   propose:MSG   proposes a commit (message MSG) of the handoff's artifacts
//                 marked commit=true, as the git-workflow-manager does
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "executor/handoff.pb.h"
#include "executor/protocol_version.h"

extern char** environ;

namespace {

using baton::handoff::AgentRequest;
using baton::handoff::AgentResult;

int Emit(const AgentResult& result) {
  std::string bytes;
  result.SerializeToString(&bytes);
  std::cout << bytes;
  return 0;
}

AgentResult Result(AgentResult::Outcome outcome, const std::string& summary) {
  AgentResult result;
  result.set_protocol_version(baton::executor::kProtocolVersion);
  result.set_outcome(outcome);
  result.set_summary(summary);
  if (outcome != AgentResult::SUCCEEDED) result.set_error(summary);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "ok";
  if (mode == "nostdin") {
    ::close(0);
    return Emit(Result(AgentResult::SUCCEEDED, "did not read the request"));
  }
  std::ostringstream input;
  input << std::cin.rdbuf();
  AgentRequest request;
  if (mode == "size") {
    return Emit(Result(AgentResult::SUCCEEDED,
                       "read " + std::to_string(input.str().size()) + " bytes"));
  }
  if (!request.ParseFromString(input.str())) {
    std::cerr << "fake_agent: bad request\n";
    return 2;
  }
  std::cerr << "fake_agent " << mode << " for " << request.step().agent() << "\n";
  auto arg = [&](const std::string& prefix) { return mode.substr(prefix.size()); };
  if (mode == "ok") {
    return Emit(Result(AgentResult::SUCCEEDED, "did " + request.step().agent()));
  }
  bool written = false;
  if (mode.rfind("slowwrite:", 0) == 0) {
    std::string rest = arg("slowwrite:");
    int ms = std::stoi(rest.substr(0, rest.find(':')));
    std::string path = rest.substr(rest.find(':') + 1);
    std::ofstream out(path);
    out << "written by " << std::flush;
    ::usleep(static_cast<useconds_t>(ms) * 1000);
    out << request.step().agent() << "\n";
    out.close();
    mode = "write:" + path;
    written = true;
  }
  if (mode.rfind("write:", 0) == 0) {
    std::string path = arg("write:");
    if (!written) std::ofstream(path) << "written by " << request.step().agent() << "\n";
    AgentResult result = Result(AgentResult::SUCCEEDED, "wrote " + path);
    auto* artifact = result.add_artifacts();
    artifact->set_path(path);
    artifact->set_kind(baton::handoff::Artifact::CODE);
    artifact->set_commit(true);
    return Emit(result);
  }
  if (mode.rfind("failfinding:", 0) == 0) {
    AgentResult result = Result(AgentResult::FAILED, "a check failed");
    auto* finding = result.add_findings();
    finding->set_severity(baton::handoff::Finding::ERROR);
    finding->set_rule(arg("failfinding:"));
    finding->set_message("row id=2 differs");
    finding->set_location("users");
    return Emit(result);
  }
  if (mode == "history") {
    return Emit(Result(AgentResult::SUCCEEDED,
                       "saw " + std::to_string(request.handoff().steps_size()) +
                           " step records, " + std::to_string(request.steps_omitted()) +
                           " omitted; stages " + std::to_string(request.stages_omitted_before()) +
                           "+" + std::to_string(request.handoff().workflow().stages_size()) +
                           "+" + std::to_string(request.stages_omitted_after())));
  }
  if (mode.rfind("propose:", 0) == 0) {
    AgentResult result = Result(AgentResult::SUCCEEDED, "proposed " + arg("propose:"));
    result.mutable_commit()->set_message(arg("propose:"));
    for (const auto& artifact : request.handoff().artifacts()) {
      if (artifact.commit()) result.mutable_commit()->add_paths(artifact.path());
    }
    return Emit(result);
  }
  if (mode.rfind("exit:", 0) == 0) {
    std::cerr << "fake_agent: failing on purpose\n";
    return std::stoi(arg("exit:"));
  }
  if (mode.rfind("signal:", 0) == 0) {
    // Under AddressSanitizer its own SEGV handler would turn the signal into
    // an exit code: die by the signal itself, as an uninstrumented agent.
    ::signal(std::stoi(arg("signal:")), SIG_DFL);
    ::kill(::getpid(), std::stoi(arg("signal:")));
    return 0;
  }
  if (mode == "garbage") {
    std::cout << "this is not protobuf, just chatty text\n";
    return 0;
  }
  if (mode == "hang") {
    for (;;) ::pause();
  }
  if (mode.rfind("flood:", 0) == 0) {
    std::string block(1 << 16, 'x');
    for (long long left = std::stoll(arg("flood:")); left > 0; left -= block.size()) {
      std::cout.write(block.data(), std::min<long long>(left, block.size()));
    }
    return 0;
  }
  if (mode == "fail") {
    return Emit(Result(AgentResult::FAILED, "the work was impossible"));
  }
  if (mode.rfind("transient:", 0) == 0) {
    std::string counter = request.scratch_dir() + "/../transient_count";
    int calls = 0;
    std::ifstream(counter) >> calls;
    std::ofstream(counter) << calls + 1;
    if (calls < std::stoi(arg("transient:"))) {
      return Emit(Result(AgentResult::TRANSIENT_FAILURE, "database not ready"));
    }
    return Emit(Result(AgentResult::SUCCEEDED, "ready after retries"));
  }
  if (mode == "env") {
    std::string summary;
    for (char** e = environ; *e != nullptr; ++e) summary += std::string(*e) + "\n";
    return Emit(Result(AgentResult::SUCCEEDED, summary));
  }
  if (mode.rfind("slowfact:", 0) == 0) {
    std::string rest = arg("slowfact:");
    ::usleep(static_cast<useconds_t>(std::stoi(rest.substr(0, rest.find(':')))) * 1000);
    mode = "fact:" + rest.substr(rest.find(':') + 1);
  }
  if (mode.rfind("fact:", 0) == 0) {
    std::string kv = arg("fact:");
    AgentResult result = Result(AgentResult::SUCCEEDED, "fact " + kv);
    (*result.mutable_facts())[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    return Emit(result);
  }
  std::cerr << "fake_agent: unknown mode " << mode << "\n";
  return 64;
}
