#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace collab::views {

/// How a row is coloured: overdue red, due soon yellow, done dim.
enum class RowStyle { Normal, Overdue, DueSoon, Done };

/// A table of text cells, rendered to fit a width.
struct Table {
  struct Column {
    std::string header;
    int shrink = 0;         ///< order in which columns give up width (1 first; 0 never)
    int drop = 0;           ///< order in which columns disappear when too narrow (1 first; 0 never)
    bool right = false;     ///< right-aligned (numbers)
    size_t min_width = 4;   ///< never shrunk below this (nor below its header)
    /// Shown only when every other column fits whole and this one gets min_width (or all
    /// it needs): extra information that never costs the others width.
    bool optional = false;
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<RowStyle> styles; ///< one per row (Normal when missing)
};

/// The table fitted to `width` terminal columns: widths measured in display columns (CJK = 2),
/// cells cut with "…" on character boundaries, every row aligned; colour when asked.
std::string render_table(const Table& t, size_t width, bool color);

/// Tab-separated values with a header line; tabs and newlines in cells become spaces.
std::string render_tsv(const Table& t);

/// Which CSV: what spreadsheets read right, or what scripts read best.
enum class CsvDialect {
  Excel, ///< a UTF-8 byte order mark (Excel and WPS read UTF-8 without one as the local code page), CRLF
  Plain, ///< UTF-8 without a byte order mark, LF
};

/// RFC 4180 CSV with a header line (fields with a comma, quote or line break quoted).
std::string render_csv(const Table& t, CsvDialect dialect = CsvDialect::Excel);

/// The byte order mark that CSV for Excel starts with.
inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

/// Appends one line of TSV (what render_tsv writes per row).
void append_tsv_line(std::string& out, std::span<const std::string_view> cells);

/// Appends one line of CSV (what render_csv writes per row), without the byte order mark.
void append_csv_line(std::string& out, std::span<const std::string_view> cells, CsvDialect dialect);

/// A Markdown table.
std::string render_md(const Table& t);

} // namespace collab::views
