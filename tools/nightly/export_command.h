// `baton export airflow`: writes an Airflow DAG file (airflow_dag.h) whose
// tasks run the stages of a Baton run on any worker sharing --state-dir.
//
//   baton export airflow --run-id ID --state-dir DIR [--repo DIR] [options]
//   baton export airflow "<request>" | --domain D --workflow W
//                        --state-dir DIR [--repo DIR] [--file P]... [--staging URL] [options]
//   options: [--dag-id ID] [--baton PATH] [--schedule CRON] [--output FILE]
//
// With --run-id the DAG advances that run; otherwise each DAG run starts a
// new run of the routed (or named) workflow. Prints the DAG, or writes it to
// --output. Exit codes: 0 written; 2 bad usage, an unknown run, or a request
// that does not route to one workflow.
#ifndef BATON_TOOLS_NIGHTLY_EXPORT_COMMAND_H_
#define BATON_TOOLS_NIGHTLY_EXPORT_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/cli/pipeline.h"

namespace baton::nightly {

int RunExportCommand(const std::vector<std::string>& args, const cli::Installation& installation,
                     std::ostream& out, std::ostream& err);

}  // namespace baton::nightly

#endif  // BATON_TOOLS_NIGHTLY_EXPORT_COMMAND_H_
