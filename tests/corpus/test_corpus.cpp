// Runs every input of the YAML test suite (../shared/corpora/yaml-test-suite)
// through `collab lint`: no crash, no hang, exit 0 or 1, and the cases a
// conforming parser must reject reported as `syntax`. Exit 77 (skipped) when
// the corpus is absent, as in a user's clone.
#include "process.h"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

namespace fs = std::filesystem;

int main()
{
  const fs::path corpus = fs::path(COLLAB_SHARED_DIR) / "corpora" / "yaml-test-suite";
  if (!fs::is_directory(corpus)) {
    fmt::print("skipped: {} is absent\n", corpus.string());
    return 77;
  }
  test::set_test_environment();
  test::TempDir tmp;
  test::write(tmp / ".collab.yaml", "");

  size_t cases = 0, error_cases = 0, flagged = 0, failures = 0, valid_flagged = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::recursive_directory_iterator(corpus))
    if (e.path().filename() == "in.yaml")
      inputs.push_back(e.path());
  std::sort(inputs.begin(), inputs.end());
  for (const auto& in : inputs) {
    ++cases;
    const fs::path dir = in.parent_path();
    const std::string name = dir.lexically_relative(corpus).string();
    const fs::path record = tmp / "case.yaml";
    fs::copy_file(in, record, fs::copy_options::overwrite_existing);
    const auto r = test::run_collab({"lint", "--format", "json", "case.yaml"}, tmp.path());
    const bool must_fail = fs::exists(dir / "error");
    if (r.status != 0 && r.status != 1) {
      ++failures;
      fmt::print("FAIL {}: exit {} ({})\n", name, r.status, r.err.substr(0, 200));
      continue;
    }
    if (!must_fail && r.out.find("\"rule\": \"syntax\"") != std::string::npos) {
      ++valid_flagged;
      fmt::print("valid case reported as syntax: {} ({})\n", name, test::read(dir / "description"));
    }
    if (must_fail) {
      ++error_cases;
      if (r.out.find("\"rule\": \"syntax\"") != std::string::npos) {
        ++flagged;
        if (r.out.find("\"line\": 0") != std::string::npos) {
          ++failures;
          fmt::print("FAIL {}: syntax finding without a position\n", name);
        }
      } else {
        fmt::print("not flagged as syntax: {} ({})\n", name, test::read(dir / "description"));
      }
    }
  }
  fmt::print("{} cases, {} invalid; {} of the invalid cases reported as syntax errors; {} of the {} valid cases "
             "reported as syntax (YAML that records never need, e.g. tabs, directives, several documents)\n",
             cases, error_cases, flagged, valid_flagged, cases - error_cases);
  // The acceptance line: no crash or hang on any input; a floor on detection so it cannot regress.
  if (flagged < 94) {
    fmt::print("FAIL: only {} invalid cases flagged (expected at least 94)\n", flagged);
    ++failures;
  }
  fmt::print("{} passed, {} failed\n", cases - failures, failures);
  return failures == 0 ? 0 : 1;
}
