// Any bytes through the whole lint pipeline of one record (read_record_text with the rules):
// never a crash or hang, every finding positioned inside the text, and the same readable /
// unreadable verdict with or without positions.
#include "fuzz_common.h"

#include "collab/lint/read_record.h"

#include <fmt/format.h>

using namespace collab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const std::string text(input);
  const int lines = static_cast<int>(fuzz::split_lines(text).size());

  const lint::Record r = lint::read_record_text(fuzz::workspace(), "T-2024-001.yaml", text, "T-2024-001", {true, true});
  for (const auto& d : r.findings) {
    if (d.pos.line < 1 || d.pos.line > lines + 1)
      fuzz::fail(fmt::format("finding `{}` ({}) at line {} of a {}-line text", d.rule, d.message, d.pos.line, lines),
                 input);
    if (d.pos.column < 1)
      fuzz::fail(fmt::format("finding `{}` ({}) at column {}", d.rule, d.message, d.pos.column), input);
  }
  if (!r.doc && !r.unreadable)
    fuzz::fail("a readable record without a tree", input);

  // The views read without positions: the verdict must be the same.
  const lint::Record with = lint::read_record_text(fuzz::workspace(), "T-2024-001.yaml", text, "T-2024-001", {false, true});
  const lint::Record without =
    lint::read_record_text(fuzz::workspace(), "T-2024-001.yaml", text, "T-2024-001", {false, false});
  if (with.unreadable != without.unreadable || with.unreadable != r.unreadable)
    fuzz::fail(fmt::format("unreadable: {} with rules, {} with positions, {} without", r.unreadable, with.unreadable,
                           without.unreadable),
               input);
  return 0;
}
