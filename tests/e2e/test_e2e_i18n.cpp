// End-to-end: the language a person reads. The repo's `lang` decides, else the environment
// (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); rule ids and JSON keys stay English.
#include "process.h"

#include <doctest/doctest.h>

using namespace test;

namespace {

const std::map<std::string, std::optional<std::string>> k_chinese = {{"LANG", "zh_CN.UTF-8"}};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A repo whose config is `config`, with one task missing its owner.
fs::path repo_with(const TempDir& tmp, const std::string& config)
{
  git_init(tmp.path());
  write(tmp / ".collab.yaml", config);
  write(tmp / "tasks/T-2024-001.yaml", "id: T-2024-001\nkind: task\ntitle: 上线检查\ndeadline: 2024-05-20\n"
                                       "deliverable: 检查清单\nstatus: todo\n");
  return tmp.path();
}

} // namespace

TEST_CASE("i18n: init in a Chinese locale writes lang: zh, with Chinese comments")
{
  TempDir tmp;
  auto r = run_collab({"init", "zh"}, tmp.path(), k_chinese);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string zh = read(tmp / "zh/.collab.yaml");
  CHECK(has(zh, "\nlang: zh\n"));
  CHECK(has(zh, "# 本记录根目录的 collab 设置"));
  r = run_collab({"init", "en"}, tmp.path());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string en = read(tmp / "en/.collab.yaml");
  CHECK(has(en, "\nlang: en\n"));
  CHECK(has(en, "# collab settings for this records root"));
}

TEST_CASE("i18n: lang: zh makes lint speak Chinese, rule ids and JSON stay English")
{
  TempDir tmp;
  const fs::path dir = repo_with(tmp, "lang: zh\n");
  auto r = run_collab({"lint"}, dir);
  CHECK(r.status == 1);
  CHECK_MESSAGE(has(r.out, "tasks/T-2024-001.yaml:1:1: 错误: "), r.out);
  CHECK(has(r.out, "[missing-field]"));
  CHECK_MESSAGE(has(r.out + r.err, "1 个错误，0 个警告，共 1 条记录"), std::string(r.out + r.err));
  r = run_collab({"lint", "--format", "json"}, dir);
  CHECK(has(r.out, "\"severity\": \"error\""));
  CHECK(has(r.out, "\"rule\": \"missing-field\""));
  // Errors of collab itself too.
  r = run_collab({"show", "T-2099-999"}, dir);
  CHECK_MESSAGE(has(r.err, "collab: 错误: "), r.err);
}

TEST_CASE("i18n: the repo's lang wins over the environment, which decides when lang is not set")
{
  TempDir en_tmp, unset_tmp;
  auto r = run_collab({"lint"}, repo_with(en_tmp, "lang: en\n"), k_chinese);
  CHECK_MESSAGE(has(r.out, ": error: "), r.out);
  r = run_collab({"lint"}, repo_with(unset_tmp, ""), k_chinese);
  CHECK_MESSAGE(has(r.out, ": 错误: "), r.out);
  r = run_collab({"lint"}, unset_tmp.path(), {{"LANGUAGE", "en"}, {"LANG", "zh_CN.UTF-8"}});
  CHECK_MESSAGE(has(r.out, ": error: "), r.out);
}
