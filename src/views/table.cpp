#include "collab/views/table.h"

#include "collab/util/text.h"
#include "collab/util/utf8.h"

#include <algorithm>
#include <numeric>

namespace collab::views {

using namespace collab::util;

namespace {

constexpr size_t k_gap = 2;

/// Appends s with tabs and line breaks replaced by `with` (cells stay on one line). Runs
/// without a control character are appended whole: TSV of a large view is mostly this.
void append_flat(std::string& out, std::string_view s, char with)
{
  size_t from = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) < 0x20 && (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
      out.append(s, from, i - from);
      out += with;
      from = i + 1;
    }
  out.append(s, from, s.size() - from);
}

/// s on one line for a terminal: line breaks and tabs become `with`, other control
/// characters are escaped (a record must not send escape sequences to the terminal).
std::string flat(std::string_view s, char with)
{
  std::string out;
  append_flat(out, s, with);
  return util::escape_controls(out, false);
}

const char* style_code(RowStyle s)
{
  switch (s) {
  case RowStyle::Overdue: return "\x1b[31m";
  case RowStyle::DueSoon: return "\x1b[33m";
  case RowStyle::Done: return "\x1b[2m";
  case RowStyle::Normal: break;
  }
  return "";
}

} // namespace

std::string render_table(const Table& t, size_t width, bool color)
{
  const size_t n = t.columns.size();
  // Every cell made safe and measured once (row 0 is the header): the widths decide the
  // layout, and most cells are then printed as they are, without measuring them again.
  std::vector<std::string> text((t.rows.size() + 1) * n);
  std::vector<size_t> cols(text.size());
  for (size_t c = 0; c < n; ++c) {
    text[c] = flat(t.columns[c].header, ' ');
    cols[c] = util::utf8::display_width(text[c]);
  }
  for (size_t r = 0; r < t.rows.size(); ++r)
    for (size_t c = 0; c < n; ++c) {
      const size_t i = (r + 1) * n + c;
      text[i] = flat(t.rows[r][c], ' ');
      cols[i] = util::utf8::display_width(text[i]);
    }
  std::vector<size_t> natural(n), floor(n);
  for (size_t c = 0; c < n; ++c) {
    natural[c] = cols[c];
    for (size_t r = 0; r < t.rows.size(); ++r)
      natural[c] = std::max(natural[c], cols[(r + 1) * n + c]);
    // Columns that do not shrink keep their natural width (they are dropped instead).
    floor[c] = t.columns[c].shrink == 0
                 ? natural[c]
                 : std::min(natural[c], std::max(t.columns[c].min_width, util::utf8::display_width(t.columns[c].header)));
  }
  std::vector<bool> shown(n, true);
  const auto total = [&](const std::vector<size_t>& w) {
    size_t sum = 0, cols = 0;
    for (size_t c = 0; c < n; ++c)
      if (shown[c]) {
        sum += w[c];
        ++cols;
      }
    return sum + (cols ? (cols - 1) * k_gap : 0);
  };
  // Optional columns first: each needs the others whole and its own floor.
  for (size_t c = 0; c < n; ++c)
    if (t.columns[c].optional) {
      std::vector<size_t> w = natural;
      w[c] = floor[c];
      shown[c] = total(w) <= width;
    }
  // A droppable column with nothing in it is the first to go when the table does not fit.
  if (total(natural) > width)
    for (size_t c = 0; c < n; ++c)
      if (t.columns[c].drop != 0 &&
          std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& row) { return row[c].empty(); }))
        shown[c] = false;
  // Drop columns while even their minimum widths do not fit.
  for (int order = 1; total(floor) > width; ++order) {
    bool any = false;
    for (size_t c = 0; c < n; ++c)
      if (t.columns[c].drop == order && shown[c]) {
        shown[c] = false;
        any = true;
      }
    if (!any && order > static_cast<int>(n) + 1)
      break;
  }
  // When what must stay does not fit even then, the shrinking columns give up their comfort:
  // down to their headers' width, so the columns a view is about stay whole.
  std::vector<size_t> hard = floor;
  if (total(floor) > width)
    for (size_t c = 0; c < n; ++c)
      if (t.columns[c].shrink != 0)
        hard[c] = std::min(natural[c], util::utf8::display_width(t.columns[c].header));
  // Shrink columns in their order until the table fits, first down to their floors, then to
  // the hard ones; columns of one order give up width in proportion to what they can give
  // (the text and the deliverable share the cut).
  std::vector<size_t> w = natural;
  size_t excess = total(w) > width ? total(w) - width : 0;
  for (const auto* low : {&floor, &hard})
    for (int order = 1; excess > 0 && order <= static_cast<int>(n); ++order) {
      size_t room = 0;
      for (size_t c = 0; c < n; ++c)
        if (shown[c] && t.columns[c].shrink == order)
          room += w[c] - (*low)[c];
      if (room == 0)
        continue;
      const size_t cut = std::min(excess, room);
      // Whole shares rounded down, then the columns left over go one each to the largest remainders.
      std::vector<size_t> share(n, 0), rest(n, 0);
      size_t given = 0;
      for (size_t c = 0; c < n; ++c)
        if (shown[c] && t.columns[c].shrink == order) {
          share[c] = (w[c] - (*low)[c]) * cut / room;
          rest[c] = (w[c] - (*low)[c]) * cut % room;
          given += share[c];
        }
      for (; given < cut; ++given) {
        size_t best = n;
        for (size_t c = 0; c < n; ++c)
          if (shown[c] && t.columns[c].shrink == order && share[c] < w[c] - (*low)[c] &&
              (best == n || rest[c] > rest[best]))
            best = c;
        ++share[best];
        rest[best] = 0;
      }
      for (size_t c = 0; c < n; ++c)
        w[c] -= share[c];
      excess -= cut;
    }

  std::string out;
  size_t last = n;
  for (size_t c = n; c-- > 0;)
    if (shown[c]) {
      last = c;
      break;
    }
  // Line r of the table (0: the header).
  const auto line = [&](size_t r, const char* code) {
    std::string line_text;
    bool first = true;
    for (size_t c = 0; c < n; ++c) {
      if (!shown[c])
        continue;
      if (!first)
        line_text.append(k_gap, ' ');
      first = false;
      const size_t i = r * n + c;
      std::string cut;
      size_t cell_cols = cols[i];
      if (cell_cols > w[c]) {
        cut = util::utf8::truncate(text[i], w[c]);
        cell_cols = util::utf8::display_width(cut);
      }
      const std::string& cell = cols[i] > w[c] ? cut : text[i];
      // The last column needs no padding unless it is right-aligned.
      const size_t fill = c == last && !t.columns[c].right ? 0 : w[c] > cell_cols ? w[c] - cell_cols : 0;
      if (t.columns[c].right)
        line_text.append(fill, ' ');
      line_text += cell;
      if (!t.columns[c].right)
        line_text.append(fill, ' ');
    }
    while (!line_text.empty() && line_text.back() == ' ')
      line_text.pop_back();
    if (color && *code)
      out += code;
    out += line_text;
    out += color && *code ? "\x1b[0m\n" : "\n";
  };
  out.reserve(text.size() * 12);
  line(0, "\x1b[1m");
  for (size_t r = 0; r < t.rows.size(); ++r)
    line(r + 1, style_code(r < t.styles.size() ? t.styles[r] : RowStyle::Normal));
  return out;
}

namespace {

/// Calls row() with the header cells, then with every row's cells.
template <typename F>
void each_line(const Table& t, F&& row)
{
  std::vector<std::string_view> cells;
  for (const auto& col : t.columns)
    cells.push_back(col.header);
  row(cells);
  for (const auto& r : t.rows) {
    cells.assign(r.begin(), r.end());
    row(cells);
  }
}

/// The bytes of every cell and a separator after each: what the delimited formats need, to
/// allocate the output once (growing it by doubling touched twice the memory).
size_t cell_bytes(const Table& t)
{
  size_t n = 0;
  for (const auto& col : t.columns)
    n += col.header.size() + 1;
  for (const auto& row : t.rows)
    for (const auto& cell : row)
      n += cell.size() + 1;
  return n;
}

} // namespace

void append_tsv_line(std::string& out, std::span<const std::string_view> cells)
{
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c)
      out += '\t';
    append_flat(out, cells[c], ' ');
  }
  out += '\n';
}

void append_csv_line(std::string& out, std::span<const std::string_view> cells, CsvDialect dialect)
{
  for (size_t c = 0; c < cells.size(); ++c) {
    if (c)
      out += ',';
    const std::string_view s = cells[c];
    if (s.find_first_of(",\"\n\r") == std::string_view::npos) {
      out += s;
      continue;
    }
    out += '"';
    for (const char ch : s)
      out += ch == '"' ? std::string_view("\"\"") : std::string_view(&ch, 1);
    out += '"';
  }
  out += dialect == CsvDialect::Excel ? "\r\n" : "\n";
}

std::string render_tsv(const Table& t)
{
  std::string out;
  out.reserve(cell_bytes(t));
  each_line(t, [&](const std::vector<std::string_view>& cells) { append_tsv_line(out, cells); });
  return out;
}

std::string render_csv(const Table& t, CsvDialect dialect)
{
  std::string out;
  out.reserve(cell_bytes(t) + t.rows.size() * 2 + 8); // quotes are rare; a CR per line
  if (dialect == CsvDialect::Excel)
    out += k_utf8_bom;
  each_line(t, [&](const std::vector<std::string_view>& cells) { append_csv_line(out, cells, dialect); });
  return out;
}

std::string render_md(const Table& t)
{
  std::string out;
  const auto row = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& c : cells) {
      std::string s = flat(c, ' ');
      std::string e;
      for (char ch : s)
        e += ch == '|' ? std::string("\\|") : std::string(1, ch);
      out += " " + e + " |";
    }
    out += "\n";
  };
  std::vector<std::string> headers;
  for (const auto& col : t.columns)
    headers.push_back(col.header);
  row(headers);
  out += "|";
  for (const auto& col : t.columns)
    out += col.right ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& r : t.rows)
    row(r);
  return out;
}

} // namespace collab::views
