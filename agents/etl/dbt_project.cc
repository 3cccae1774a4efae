#include "agents/etl/dbt_project.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "yaml-cpp/yaml.h"

namespace baton::agents::etl {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Relative(const fs::path& path, const fs::path& workspace) {
  return fs::relative(path, workspace).generic_string();
}

absl::Status ReadYaml(const fs::path& file, const std::string& relative,
                      DbtProject* project) {
  try {
    YAML::Node root = YAML::LoadFile(file.string());
    if (!root.IsMap()) return absl::OkStatus();
    if (YAML::Node sources = root["sources"]; sources && sources.IsSequence()) {
      for (const YAML::Node& source : sources) {
        const std::string name = source["name"].as<std::string>("");
        if (name.empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(relative, ": a source without `name`"));
        }
        std::set<std::string>& tables = project->sources[name];
        if (YAML::Node list = source["tables"]; list && list.IsSequence()) {
          for (const YAML::Node& table : list) {
            tables.insert(table["name"].as<std::string>(""));
          }
        }
      }
    }
    if (YAML::Node models = root["models"]; models && models.IsSequence()) {
      for (const YAML::Node& model : models) {
        ColumnTests& tests = project->column_tests[model["name"].as<std::string>("")];
        YAML::Node columns = model["columns"];
        if (!columns || !columns.IsSequence()) continue;
        for (const YAML::Node& column : columns) {
          const std::string name = column["name"].as<std::string>("");
          YAML::Node list = column["tests"] ? column["tests"] : column["data_tests"];
          if (!list || !list.IsSequence()) continue;
          for (const YAML::Node& test : list) {
            if (!test.IsScalar()) continue;
            const std::string kind = test.as<std::string>();
            if (kind == "not_null") tests.not_null.insert(name);
            if (kind == "unique") tests.unique.insert(name);
          }
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(relative, ": ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DbtProject> LoadDbtProject(const std::string& workspace) {
  const fs::path base(workspace);
  const fs::path root = base / kDbtRoot;
  const fs::path project_file = root / "dbt_project.yml";
  DbtProject project;
  project.root = kDbtRoot;
  if (!fs::exists(project_file)) {
    return absl::NotFoundError(
        absl::StrCat("no dbt project: ", kDbtRoot, "/dbt_project.yml is missing"));
  }
  try {
    YAML::Node yml = YAML::LoadFile(project_file.string());
    project.name = yml["name"].as<std::string>("");
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(kDbtRoot, "/dbt_project.yml: ", e.what()));
  }
  if (project.name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kDbtRoot, "/dbt_project.yml: no `name`"));
  }
  std::error_code error;
  std::vector<fs::path> files;
  if (fs::is_directory(root / "models")) {
    for (const auto& entry : fs::recursive_directory_iterator(root / "models", error)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const fs::path& file : files) {
    const std::string relative = Relative(file, base);
    if (file.extension() == ".yml" || file.extension() == ".yaml") {
      absl::Status read = ReadYaml(file, relative, &project);
      if (!read.ok()) return read;
      continue;
    }
    if (file.extension() != ".sql") continue;
    absl::StatusOr<std::string> sql = ReadFile(file);
    if (!sql.ok()) return sql.status();
    DbtModel model;
    model.name = file.stem().string();
    model.path = relative;
    const fs::path layer = fs::relative(file.parent_path(), root / "models");
    model.layer = layer == "." ? "" : layer.begin()->string();
    model.sql = *std::move(sql);
    if (!names.insert(model.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(relative, ": model name ", model.name, " is used twice"));
    }
    project.models.push_back(std::move(model));
  }
  if (project.models.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no dbt model: ", kDbtRoot, "/models holds no .sql file"));
  }
  if (fs::is_directory(root / "tests")) {
    std::vector<fs::path> tests;
    for (const auto& entry : fs::directory_iterator(root / "tests", error)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") {
        tests.push_back(entry.path());
      }
    }
    std::sort(tests.begin(), tests.end());
    for (const fs::path& file : tests) {
      absl::StatusOr<std::string> sql = ReadFile(file);
      if (!sql.ok()) return sql.status();
      project.tests.push_back({file.stem().string(), Relative(file, base), *sql});
    }
  }
  if (fs::exists(base / kFixturesFile)) {
    absl::StatusOr<std::string> sql = ReadFile(base / kFixturesFile);
    if (!sql.ok()) return sql.status();
    project.fixtures_path = kFixturesFile;
    project.fixtures_sql = *std::move(sql);
  }
  return project;
}

}  // namespace baton::agents::etl
