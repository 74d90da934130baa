#include "collab/views/table.h"
#include "collab/util/utf8.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace collab;
using namespace collab::util;
using namespace collab::views;

namespace {

std::vector<std::string> lines_of(const std::string& s)
{
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string l;
  while (std::getline(in, l))
    out.push_back(l);
  return out;
}

/// Display column where each cell starts, found from the known cell texts in order.
std::vector<size_t> starts(const std::string& line, const std::vector<std::string>& cells)
{
  std::vector<size_t> out;
  size_t from = 0;
  for (const auto& c : cells) {
    // A cut cell starts with the same characters as the full one.
    std::string prefix;
    for (size_t i = 0; i < c.size() && prefix.size() < 3;) {
      const size_t s = i;
      util::utf8::next(c, i);
      prefix.append(c, s, i - s);
    }
    const size_t at = line.find(prefix, from);
    REQUIRE_MESSAGE(at != std::string::npos, "cell " << c << " not in " << line);
    out.push_back(util::utf8::display_width(line.substr(0, at)));
    from = at + prefix.size();
  }
  return out;
}

Table sample()
{
  Table t;
  t.columns = {{"REF", 0, 0, false, 4}, {"OWNER", 2, 2, false, 4}, {"DEPT", 0, 1, false, 4}, {"TITLE", 1, 0, false, 6}};
  t.rows = {{"M-2024-001#1", "孙七", "技术部", "完成活动页面前端开发并提交测试环境地址"},
            {"R-2", "Zoë", "Ｓales", "Café ☕ emoji 😀 mixed 混合"},
            {"T-3", "e\xcc\x81lan", "研发", "combining e\xcc\x81 marks"}};
  return t;
}

} // namespace

TEST_CASE("table: every row fits the width and every column starts at the header's column")
{
  for (size_t width : {40u, 60u, 80u, 120u}) {
    CAPTURE(width);
    const auto lines = lines_of(render_table(sample(), width, false));
    REQUIRE(lines.size() == 4);
    for (const auto& l : lines) {
      CHECK(util::utf8::display_width(l) <= width);
      CHECK(util::utf8::find_invalid(l) == std::string::npos); // never a split sequence
    }
    const bool dept_shown = lines[0].find("DEPT") != std::string::npos;
    std::vector<std::string> header = {"REF", "OWNER"};
    if (dept_shown)
      header.push_back("DEPT");
    header.push_back("TITLE");
    const auto head = starts(lines[0], header);
    const auto t = sample();
    for (size_t r = 0; r < t.rows.size(); ++r) {
      std::vector<std::string> cells = {t.rows[r][0], t.rows[r][1]};
      if (dept_shown)
        cells.push_back(t.rows[r][2]);
      cells.push_back(t.rows[r][3]);
      CHECK(starts(lines[r + 1], cells) == head);
    }
  }
}

TEST_CASE("table: emoji and Thai combining marks keep the next column aligned")
{
  // The cells before OWNER are padded by their width as a terminal draws them: ⭐ takes 2
  // columns, Thai tone and vowel marks none. Counted here by hand, not by display_width.
  Table t;
  t.columns = {{"TITLE", 1, 0, false, 4}, {"OWNER", 2, 2, false, 4}};
  t.rows = {{"⭐ ok", "a"}, {"กั้น", "b"}, {"ab", "c"}};
  const auto lines = lines_of(render_table(t, 80, false));
  REQUIRE(lines.size() == 4);
  // TITLE is 5 columns wide: "TITLE" and "⭐ ok" (2 + 1 + 2) fill it, กั้น (2) and ab (2) get 3 spaces.
  const size_t gap = lines[0].find("OWNER") - 5;
  CHECK(lines[1] == "⭐ ok" + std::string(gap, ' ') + "a");
  CHECK(lines[2] == "กั้น" + std::string(3 + gap, ' ') + "b");
  CHECK(lines[3] == "ab" + std::string(3 + gap, ' ') + "c");
}

TEST_CASE("table: narrow widths drop columns in order and cut the title with an ellipsis")
{
  const auto wide = render_table(sample(), 200, false);
  CHECK(wide.find("完成活动页面前端开发并提交测试环境地址") != std::string::npos);
  CHECK(wide.find("…") == std::string::npos);
  const auto narrow = render_table(sample(), 30, false);
  CHECK(narrow.find("DEPT") == std::string::npos); // dropped first
  CHECK(narrow.find("…") != std::string::npos);
}

TEST_CASE("table: columns of one shrink order share the cut in proportion to what they can give")
{
  Table t;
  t.columns = {{"A", 1, 0, false, 4}, {"B", 1, 0, false, 4}};
  t.rows = {{std::string(24, 'a'), std::string(12, 'b')}};
  // Natural 24 + 2 + 12 = 38; at 32 the 6 columns come 4 from A (room 20) and 2 from B (room 8).
  const auto lines = lines_of(render_table(t, 32, false));
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == std::string(19, 'a') + "…  " + std::string(9, 'b') + "…");
}

TEST_CASE("table: an optional column shows only when the others fit whole and it gets its minimum")
{
  Table t;
  t.columns = {{"REF", 0, 0, false, 4}, {"TITLE", 2, 0, false, 6}, {"EXTRA", 1, 0, false, 10, true}};
  t.rows = {{"R-1", "Twenty columns of it", "an extra column of thirty cols"}};
  // REF 3 (header 3), TITLE 20, gaps 2 + 2: the others need 27, the extra at least 10.
  CHECK(render_table(t, 36, false).find("EXTRA") == std::string::npos);
  const auto at37 = lines_of(render_table(t, 37, false));
  CHECK(at37[0].find("EXTRA") != std::string::npos);
  CHECK(at37[1] == "R-1  Twenty columns of it  an extra …"); // the extra shrinks, the title stays whole
  CHECK(lines_of(render_table(t, 100, false))[1] == "R-1  Twenty columns of it  an extra column of thirty cols");
}

TEST_CASE("table: columns that never drop stay whole, the text then shrinks below its minimum, to its header")
{
  Table t;
  t.columns = {{"REF", 0, 0, false, 4}, {"LATE", 0, 0, true, 4}, {"NOTE", 0, 1, false, 4}, {"TITLE", 1, 0, false, 8}};
  t.rows = {{"M-2024-001#1", "12", "note", "A long title of the item"}};
  // REF 12, LATE 4, TITLE at least 8, gaps: 30 fits with NOTE dropped.
  CHECK(lines_of(render_table(t, 30, false))[1] == "M-2024-001#1    12  A long ti…");
  // Narrower: the title goes below its minimum of 8, down to its header's 5 columns.
  CHECK(lines_of(render_table(t, 27, false))[1] == "M-2024-001#1    12  A long…");
  CHECK(lines_of(render_table(t, 25, false))[1] == "M-2024-001#1    12  A lo…");
  // Narrower still: the kept columns never go, the line is wider than asked.
  const auto at20 = lines_of(render_table(t, 20, false));
  CHECK(at20[0] == "REF           LATE  TITLE");
  CHECK(at20[1] == "M-2024-001#1    12  A lo…");
}

TEST_CASE("table: an empty droppable column goes first when the table does not fit")
{
  Table t;
  t.columns = {{"REF", 0, 0, false, 4}, {"DEPT", 0, 2, false, 4}, {"DUE", 0, 1, false, 4}, {"TITLE", 1, 0, false, 6}};
  t.rows = {{"R-1", "", "today", "Twenty columns of it"}, {"R-2", "", "", "Short"}};
  CHECK(lines_of(render_table(t, 80, false))[0] == "REF  DEPT  DUE    TITLE"); // room: it stays
  const auto at32 = lines_of(render_table(t, 32, false));
  CHECK(at32[0] == "REF  DUE    TITLE");
  CHECK(at32[1] == "R-1  today  Twenty columns of it");
}

TEST_CASE("table: colour by row style, header bold")
{
  Table t = sample();
  t.styles = {RowStyle::Overdue, RowStyle::DueSoon, RowStyle::Done};
  const auto out = render_table(t, 120, true);
  CHECK(out.find("\x1b[1mREF") == 0);
  CHECK(out.find("\x1b[31mM-2024-001#1") != std::string::npos);
  CHECK(out.find("\x1b[33mR-2") != std::string::npos);
  CHECK(out.find("\x1b[2mT-3") != std::string::npos);
  CHECK(render_table(t, 120, false).find('\x1b') == std::string::npos);
}

TEST_CASE("table: tsv, csv and md keep every character")
{
  Table t;
  t.columns = {{"A"}, {"B"}};
  t.rows = {{"x,\"y\"", "tab\there"}, {"完成|活动", "z"}};
  CHECK(render_tsv(t) == "A\tB\nx,\"y\"\ttab here\n完成|活动\tz\n");
  CHECK(render_csv(t) == "\xEF\xBB\xBF" "A,B\r\n\"x,\"\"y\"\"\",tab\there\r\n完成|活动,z\r\n");
  CHECK(render_csv(t, CsvDialect::Plain) == "A,B\n\"x,\"\"y\"\"\",tab\there\n完成|活动,z\n");
  CHECK(render_md(t) == "| A | B |\n| --- | --- |\n| x,\"y\" | tab here |\n| 完成\\|活动 | z |\n");
}
