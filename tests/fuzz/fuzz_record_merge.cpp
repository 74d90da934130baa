// merge_record, the three-way merge behind `collab sync` and the git merge driver: the input is
//   base \x01 ours \x01 theirs
// (a missing part is empty). It never crashes; a merge of (b, o, o) gives o byte for byte, and a
// merge of (b, b, t) gives t's values (or a conflict where an edit cannot be made exactly, never
// a wrong text); any merged text parses.
#include "fuzz_common.h"

#include "collab/model/record_diff.h"
#include "collab/model/record_merge.h"
#include "collab/yaml/parse.h"

#include <string>

using namespace collab;

namespace {

std::unique_ptr<yaml::Document> parsed(const std::string& text)
{
  auto p = yaml::parse_yaml(yaml::SourceFile("", text), yaml::ParseLimits{.positions = false});
  return p.error ? nullptr : std::move(p.doc);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  std::string parts[3];
  size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t end = i < 2 ? std::min(input.find('\x01', at), input.size()) : input.size();
    if (at <= input.size())
      parts[i] = std::string(input.substr(at, end - at));
    at = end + 1;
  }
  const std::string &b = parts[0], &o = parts[1], &t = parts[2];

  const model::RecordMerge same = model::merge_record(b, o, o);
  if (same.text && *same.text != o)
    fuzz::fail("merge of (b, o, o) is not o", input);

  const model::RecordMerge theirs = model::merge_record(b, b, t);
  if (theirs.text) {
    const auto got = parsed(*theirs.text);
    const auto want = parsed(t);
    if (!got || !want)
      fuzz::fail("merge of (b, b, t) does not parse", input);
    if (!model::diff_records(got->root(), want->root()).empty())
      fuzz::fail("merge of (b, b, t) does not read as t", input);
  }

  const model::RecordMerge m = model::merge_record(b, o, t);
  if (m.text && !parsed(*m.text))
    fuzz::fail("a merged text does not parse", input);
  if (m.text && !m.conflicts.empty())
    fuzz::fail("a text with conflicts", input);
  return 0;
}
