#include "agents/data/agent_runner.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "executor/protocol_version.h"
#include "gtest/gtest.h"

namespace baton::agents::data {
namespace {

namespace fs = std::filesystem;

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

AgentRun RunAgent(const std::string& binary, const handoff::AgentRequest& request) {
  AgentRun run;
  const std::string path = fs::absolute(binary).string();
  int to_child[2];
  int from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) {
    ADD_FAILURE() << "pipe failed";
    return run;
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(to_child[0], STDIN_FILENO);
    dup2(from_child[1], STDOUT_FILENO);
    close(to_child[0]);
    close(to_child[1]);
    close(from_child[0]);
    close(from_child[1]);
    if (chdir(request.workspace().c_str()) != 0) _exit(126);
    execl(path.c_str(), path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  EXPECT_TRUE(WriteAll(to_child[1], request.SerializeAsString()));
  close(to_child[1]);
  std::string output;
  char buffer[4096];
  ssize_t n;
  while ((n = read(from_child[0], buffer, sizeof(buffer))) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buffer, static_cast<size_t>(n));
  }
  close(from_child[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EXPECT_TRUE(run.result.ParseFromString(output)) << binary;
  return run;
}

handoff::AgentRequest MakeRequest(const std::string& repo, const std::string& agent,
                                  const std::string& workflow, const std::string& text) {
  handoff::AgentRequest request;
  request.set_protocol_version(executor::kProtocolVersion);
  request.set_workspace(repo);
  request.set_scratch_dir(repo + "_scratch/" + agent);
  fs::create_directories(request.scratch_dir());
  handoff::Handoff* handoff = request.mutable_handoff();
  handoff->set_protocol_version(executor::kProtocolVersion);
  handoff->set_run_id("test-run");
  handoff->set_domain("data");
  handoff->mutable_request()->set_text(text);
  handoff->mutable_staging()->set_kind("sqlite");
  request.mutable_step()->set_agent(agent);
  request.mutable_step()->set_workflow(workflow);
  request.mutable_step()->set_domain("data");
  return request;
}

void MergeInto(const handoff::AgentResult& result, handoff::AgentRequest* next) {
  handoff::Handoff* handoff = next->mutable_handoff();
  for (const handoff::Artifact& artifact : result.artifacts()) {
    *handoff->add_artifacts() = artifact;
  }
  for (const handoff::Finding& finding : result.findings()) {
    *handoff->add_findings() = finding;
  }
  for (const auto& [key, value] : result.facts()) {
    (*handoff->mutable_facts())[key] = value;
  }
}

}  // namespace baton::agents::data
