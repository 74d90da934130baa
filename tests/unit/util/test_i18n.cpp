#include "collab/util/i18n.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace collab::util;

namespace {

/// The quoted strings of a po file's entries: msgid -> msgstr (continuation lines joined).
std::map<std::string, std::string> read_po(const std::string& path)
{
  std::ifstream in(path);
  std::map<std::string, std::string> out;
  std::string line, id, str, *cur = nullptr;
  const auto flush = [&] {
    if (!id.empty())
      out[id] = str;
    id.clear();
    str.clear();
  };
  const auto unquote = [](const std::string& s) {
    std::string r;
    for (size_t i = s.find('"') + 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) {
        ++i;
        r += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
      } else {
        r += s[i];
      }
    }
    return r;
  };
  while (std::getline(in, line)) {
    if (line.starts_with("msgid ")) {
      flush();
      id = unquote(line);
      cur = &id;
    } else if (line.starts_with("msgid_plural ")) {
      cur = nullptr; // the singular's placeholders stand for both
    } else if (line.starts_with("msgstr ") || line.starts_with("msgstr[0] ")) {
      str = unquote(line);
      cur = &str;
    } else if (line.starts_with("\"") && cur) {
      *cur += unquote(line);
    }
  }
  flush();
  return out;
}

/// The `{...}` placeholders of a format string, in order (`{{` and `}}` are not ones).
std::vector<std::string> placeholders(const std::string& s)
{
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
      ++i;
      continue;
    }
    if (s[i] == '{') {
      const size_t end = s.find('}', i);
      if (end == std::string::npos) {
        out.push_back("{"); // a lone `{` (tr() text, not a format string)
        break;
      }
      out.push_back(s.substr(i, end - i + 1));
      i = end;
    }
  }
  return out;
}

} // namespace

TEST_CASE("i18n: every translation keeps its message's placeholders, in order")
{
  const auto po = read_po(std::string(COLLAB_SOURCE_DIR) + "/po/zh_CN.po");
  REQUIRE_FALSE(po.empty());
  for (const auto& [id, str] : po) {
    CAPTURE(id);
    CHECK_FALSE(str.empty());
    CHECK(placeholders(id) == placeholders(str));
  }
}

TEST_CASE("i18n: the language comes from the environment, and zh speaks Chinese")
{
  setenv("LANGUAGE", "zh_CN:en", 1);
  CHECK(i18n::language_from_environment() == "zh");
  setenv("LANGUAGE", "de", 1);
  CHECK(i18n::language_from_environment() == "en");
  unsetenv("LANGUAGE");
  i18n::set_language("zh");
  CHECK(i18n::language() == "zh");
  CHECK(std::string(i18n::tr("error")) == "错误");
  CHECK(i18n::trnf("{} error", "{} errors", 3) == "3 个错误");
  CHECK(i18n::trf("invalid configuration; fix {} and run again", ".collab.yaml") == "配置无效；请修正 .collab.yaml 后重新运行");
  i18n::set_language("en");
  CHECK(std::string(i18n::tr("error")) == "error");
  CHECK(i18n::trnf("{} error", "{} errors", 3) == "3 errors");
  CHECK(i18n::trnf("{} error", "{} errors", 1) == "1 error");
}
