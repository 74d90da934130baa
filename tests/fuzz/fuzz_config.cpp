// Any bytes as a .collab.yaml: parse_config never crashes, and every error is positioned
// inside the text.
#include "fuzz_common.h"

#include "collab/model/config.h"

#include <fmt/format.h>

using namespace collab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view input = fuzz::as_text(data, size);
  const int lines = static_cast<int>(fuzz::split_lines(input).size());
  std::vector<util::Diagnostic> errors;
  const model::Config config = model::parse_config(yaml::SourceFile(".collab.yaml", std::string(input)), errors);
  for (const auto& d : errors) {
    if (d.pos.line < 1 || d.pos.line > lines + 1 || d.pos.column < 1)
      fuzz::fail(fmt::format("error `{}` ({}) at {}:{} of a {}-line text", d.rule, d.message, d.pos.line,
                             d.pos.column, lines),
                 input);
  }
  // What was read is usable: the lookups the commands make do not throw.
  (void)config.id_format_for("meeting");
  for (const auto& [rule, severity] : config.severity)
    (void)config.severity_of(rule);
  return 0;
}
