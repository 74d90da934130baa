// `collab __complete [--describe] [--] WORD...`: what the completion scripts call at every Tab.
// It must answer in a few milliseconds on large roots: it never opens the git repository and
// reads at most one record (the one whose items are asked for).
#include "commands/complete_candidates.h"
#include "commands/options.h"

#include <cstdio>

namespace collab::commands {

namespace {

/// A description on one line, without the tab that separates it from the word.
std::string one_line(std::string_view text)
{
  std::string out(text.substr(0, text.find('\n')));
  for (char& c : out)
    if (c == '\t')
      c = ' ';
  return out;
}

} // namespace

int run_complete(const GlobalOptions& g, const CompleteOptions& o)
{
  std::string dir = directory_of(o.words);
  if (dir.empty())
    dir = g.dir;
  const RepoFacts facts = repo_facts(dir);
  std::string out;
  for (const auto& c : complete_words(*o.spec, o.words, facts)) {
    out += c.word;
    if (o.describe && !c.description.empty())
      out += '\t' + one_line(c.description);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

} // namespace collab::commands
