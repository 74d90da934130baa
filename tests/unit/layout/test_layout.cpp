// The architecture as a test: the include graph runs one way through the layers, and each
// external library is included by exactly one file. A change that breaks either fails here.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

/// The layers, lowest first: a file may include its own layer's headers and lower ones.
const std::vector<std::string> k_layers = {"util", "yaml", "model", "store", "lint", "views", "commands", "cli"};

int layer_of(const std::string& folder)
{
  for (size_t i = 0; i < k_layers.size(); ++i)
    if (k_layers[i] == folder)
      return static_cast<int>(i);
  return -1;
}

std::string slurp(const fs::path& p)
{
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Every source and header file of the project, with its layer's folder.
std::vector<std::pair<fs::path, std::string>> project_files()
{
  const fs::path top = COLLAB_SOURCE_DIR;
  std::vector<std::pair<fs::path, std::string>> out;
  for (const auto& base : {top / "src", top / "include" / "collab"})
    for (const auto& e : fs::recursive_directory_iterator(base)) {
      if (!e.is_regular_file())
        continue;
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".h" && ext != ".in")
        continue;
      const fs::path rel = e.path().lexically_relative(base);
      out.emplace_back(e.path(), rel.begin() == rel.end() || std::next(rel.begin()) == rel.end() ? "" : rel.begin()->string());
    }
  return out;
}

} // namespace

TEST_CASE("layout: every folder is a known layer and includes only its own or lower layers")
{
  const std::regex include_re(R"re(#include "(?:collab/)?(\w+)/[^"]+")re");
  size_t checked = 0;
  for (const auto& [path, folder] : project_files()) {
    if (folder.empty())
      continue; // src/main.cpp
    CAPTURE(path.string());
    const int own = layer_of(folder);
    REQUIRE_MESSAGE(own >= 0, "unknown folder ", folder);
    const std::string text = slurp(path);
    for (std::sregex_iterator it(text.begin(), text.end(), include_re), end; it != end; ++it) {
      const int used = layer_of((*it)[1]);
      CHECK_MESSAGE(used >= 0, "includes ", it->str());
      CHECK_MESSAGE(used <= own, path.filename().string(), " (", folder, ") includes a layer above it: ", it->str());
      ++checked;
    }
  }
  CHECK(checked > 100);
}

TEST_CASE("layout: each external library is included by exactly one file")
{
  const std::map<std::string, std::string> libraries = {
    {"CLI11", R"(#include <CLI/)"}, {"yaml-cpp", R"(#include <yaml-cpp/)"}, {"libgit2", R"(#include <git2)"}};
  for (const auto& [name, needle] : libraries) {
    std::vector<std::string> users;
    for (const auto& [path, folder] : project_files())
      if (slurp(path).find(needle) != std::string::npos)
        users.push_back(path.filename().string());
    CAPTURE(name);
    CHECK_MESSAGE(users.size() == 1, users.size(), " files include ", name);
  }
}

TEST_CASE("layout: one namespace per folder")
{
  for (const auto& [path, folder] : project_files()) {
    if (folder.empty() || path.extension() == ".in")
      continue;
    const std::string text = slurp(path);
    CAPTURE(path.string());
    // A folder's namespace, or one nested in it (util::utf8 keeps the codec's short names apart).
    CHECK((text.find("namespace collab::" + folder + " {") != std::string::npos ||
           text.find("namespace collab::" + folder + "::") != std::string::npos));
  }
}
