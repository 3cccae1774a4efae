// The DAG's text is checked by Python itself: py_compile, then a small ast
// walk that lists the tasks and the `a >> b` edges, compared with the
// workflow's graph.
#include "tools/nightly/airflow_dag.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_split.h"
#include "domains/chain_parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/nightly/test_process.h"

namespace baton::nightly {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

// Prints "task <id> <bash_command>" per BashOperator and "edge <a> <b>" per
// `a >> b` statement.
constexpr char kGraphScript[] = R"PY(
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
names = {}
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        func = node.value.func
        if isinstance(func, ast.Name) and func.id == "BashOperator":
            kw = {k.arg: k.value for k in node.value.keywords}
            names[node.targets[0].id] = kw["task_id"].value
            print("task", kw["task_id"].value, kw["bash_command"].value)
for node in ast.walk(tree):
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, ast.RShift):
        print("edge", names[node.value.left.id], names[node.value.right.id])
)PY";

domains::Workflow MakeWorkflow(const std::string& chain) {
  domains::Workflow workflow;
  workflow.set_name("Fan Out");
  workflow.set_chain_text(chain);
  absl::StatusOr<std::vector<domains::ChainStage>> stages = domains::ParseChain(chain, "");
  EXPECT_TRUE(stages.ok()) << stages.status();
  for (const domains::ChainStage& stage : *stages) *workflow.add_stages() = stage;
  return workflow;
}

struct Graph {
  std::vector<std::string> tasks;
  std::vector<std::string> commands;
  std::vector<std::string> edges;  // "a>b"
};

Graph ParseDag(const std::string& dag, const std::string& name) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/dag.py") << dag;
  std::ofstream(dir + "/graph.py") << kGraphScript;
  CommandResult compiled = RunShell("python3 -m py_compile " + dir + "/dag.py");
  EXPECT_EQ(compiled.exit_code, 0) << compiled.output << "\n" << dag;
  CommandResult listed = RunShell("python3 " + dir + "/graph.py " + dir + "/dag.py");
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  Graph graph;
  for (absl::string_view line : absl::StrSplit(listed.output, '\n', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(' ', 2));
    if (parts[0] == "task") {
      graph.tasks.push_back(parts[1]);
      graph.commands.push_back(parts[2]);
    } else if (parts[0] == "edge") {
      graph.edges.push_back(parts[1] + ">" + parts[2]);
    }
  }
  return graph;
}

TEST(AirflowDagTest, TaskGraphEqualsTheWorkflowWithParallelSiblings) {
  const domains::Workflow workflow =
      MakeWorkflow("spec-manager → systems-architect + security-auditor → [sign off] → "
                   "git-workflow-manager");
  AirflowDagOptions options;
  options.dag_id = "baton_fan_out";
  options.repo = "/srv/repo with space";
  options.state_dir = "/shared/baton-runs";
  options.run_id = "20240501-020000-abcdef";
  absl::StatusOr<std::string> dag = RenderAirflowDag(workflow, options);
  ASSERT_TRUE(dag.ok()) << dag.status();
  Graph graph = ParseDag(*dag, "fan_out");
  EXPECT_EQ(graph.tasks, (std::vector<std::string>{"step_00_spec_manager", "step_01_systems_architect",
                                                   "step_02_security_auditor", "gate_03",
                                                   "step_04_git_workflow_manager"}));
  EXPECT_THAT(graph.edges, UnorderedElementsAreArray(std::vector<std::string>{
                               "step_00_spec_manager>step_01_systems_architect",
                               "step_00_spec_manager>step_02_security_auditor",
                               "step_01_systems_architect>gate_03",
                               "step_02_security_auditor>gate_03",
                               "gate_03>step_04_git_workflow_manager"}));
  // Each task runs exactly its step of the run, against the shared state.
  EXPECT_EQ(graph.commands[2],
            "'baton' stage run '20240501-020000-abcdef' --step 2 --repo '/srv/repo with space' "
            "--state-dir '/shared/baton-runs'");
}

TEST(AirflowDagTest, WithoutARunTheFirstTaskStartsOneAndPassesItsId) {
  const domains::Workflow workflow =
      MakeWorkflow("infrastructure-specialist → qa-specialist (staging test) → git-workflow-manager");
  AirflowDagOptions options;
  options.dag_id = "baton_migration";
  options.baton = "/opt/baton/bin/baton";
  options.repo = "/srv/repo";
  options.state_dir = "/shared/runs";
  options.request = "Add the customer's \"nickname\" column to users table";
  options.domain = "data";
  options.workflow = "Database Migration";
  options.schedule = "0 2 * * *";
  absl::StatusOr<std::string> dag = RenderAirflowDag(workflow, options);
  ASSERT_TRUE(dag.ok()) << dag.status();
  Graph graph = ParseDag(*dag, "migration");
  ASSERT_EQ(graph.tasks.size(), 4u);
  EXPECT_EQ(graph.tasks[0], "start_run");
  EXPECT_THAT(graph.commands[0],
              HasSubstr("stage start 'Add the customer'\\''s \"nickname\" column to users table' "
                        "--domain 'data' --workflow 'Database Migration'"));
  EXPECT_THAT(graph.commands[1], HasSubstr("stage run {{ ti.xcom_pull(task_ids=\"start_run\") }} --step 0"));
  EXPECT_EQ(graph.edges, (std::vector<std::string>{
                             "start_run>step_00_infrastructure_specialist",
                             "step_00_infrastructure_specialist>step_01_qa_specialist",
                             "step_01_qa_specialist>step_02_git_workflow_manager"}));
  EXPECT_THAT(*dag, HasSubstr("schedule=\"0 2 * * *\""));
}

TEST(AirflowDagTest, RefusesWhatCannotWorkOnSeveralMachines) {
  const domains::Workflow workflow = MakeWorkflow("qa-specialist");
  AirflowDagOptions options;
  options.dag_id = "ok";
  options.repo = "/srv/repo";
  options.run_id = "r";
  EXPECT_THAT(RenderAirflowDag(workflow, options).status().message(), HasSubstr("--state-dir"));
  options.state_dir = "/shared";
  options.dag_id = "bad id";
  EXPECT_THAT(RenderAirflowDag(workflow, options).status().message(), HasSubstr("dag id"));
  options.dag_id = "ok";
  options.run_id.clear();
  EXPECT_THAT(RenderAirflowDag(workflow, options).status().message(), HasSubstr("--run-id"));
}

TEST(AirflowDagTest, QuotesForShellAndPython) {
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(PythonString("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
}

}  // namespace
}  // namespace baton::nightly
