#include "collab/views/document.h"

#include "collab/util/text.h"

#include <string>

namespace collab::views {

namespace {

// One style sheet for screen, phone and paper. Tables never widen the page: cells wrap long
// words anywhere (CJK text has no spaces), and a table that still cannot fit scrolls inside its
// own box. On paper: A4, rows never split across pages, headers repeat on each page.
constexpr std::string_view k_css = R"css(
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:60rem;padding:1rem;color:#1f2328;background:#fff;line-height:1.55;
font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
overflow-wrap:anywhere;word-break:break-word}
h1{font-size:1.5rem;margin:.2rem 0 1rem}
h2{font-size:1.2rem;margin:1.6rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
ul,ol{padding-left:1.4rem}
.table-wrap{max-width:100%;overflow-x:auto;margin:.5rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere;word-break:break-word;min-width:2.5em}
thead th{background:#f6f8fa}
table.fields th{width:9em;background:#f6f8fa;font-weight:600}
td.num,th.num{width:2.5em;min-width:0;text-align:right}
.alert{color:#b42318;font-weight:600}
tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
td.num,td.deadline,td.date{white-space:nowrap}
/* a name, a department, a status: a few characters, kept on one line where the table has room */
td.owner,td.dept,td.status,th.owner,th.dept,th.status{min-width:4.5em}
td.action,th.action{min-width:8em}
@media screen and (max-width:600px){body{padding:.6rem;font-size:15px}table.fields th{width:6.5em}
table.rows thead{display:none}table.rows,table.rows tbody,table.rows tr{display:block;width:100%}
table.rows tr{border:1px solid #d0d7de;border-radius:6px;margin:0 0 .6rem;padding:.2rem 0}
table.rows td{display:grid;grid-template-columns:6.5em minmax(0,1fr);gap:.5rem;border:0;padding:.2rem .6rem;text-align:left}
table.rows td::before{content:attr(data-label);font-weight:600;color:#57606a}
table.rows td:empty{display:none}}
@media print{@page{size:A4;margin:14mm 12mm}
body{max-width:none;padding:0;font-size:10pt;color:#000}
.table-wrap{overflow:visible}table{table-layout:fixed}
h2,h3{break-after:avoid;page-break-after:avoid}
thead th,table.fields th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)css";

void table_open(std::string& out, const char* cls)
{
  out += "<div class=\"table-wrap\"><table";
  if (*cls)
    out += std::string(" class=\"") + cls + "\"";
  out += ">";
}

} // namespace

std::string html_escape(std::string_view text)
{
  const std::string safe = util::escape_controls(text, true);
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string html_text(std::string_view text)
{
  std::string_view s = text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  std::string out;
  for (char c : html_escape(s)) {
    if (c == '\n')
      out += "<br>";
    else if (c != '\r')
      out += c;
  }
  return out;
}

std::string_view document_css() { return k_css; }

std::string render_html(const Doc& doc)
{
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + html_escape(doc.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    html_escape(doc.title) + "</title>\n<style>" + std::string(k_css) + "</style>\n</head>\n<body>\n<main>\n";
  return out + render_html_body(doc) + "</main>\n</body>\n</html>\n";
}

std::string render_html_body(const Doc& doc)
{
  std::string out = "<h1>" + html_text(doc.title) + "</h1>\n";
  for (const DocBlock& b : doc.blocks) {
    switch (b.type) {
    case DocBlock::Type::Heading: {
      const std::string h = b.level >= 3 ? "h3" : "h2";
      out += "<" + h + ">" + html_text(b.text) + "</" + h + ">\n";
      break;
    }
    case DocBlock::Type::Paragraph:
      out += "<p>" + html_text(b.text) + "</p>\n";
      break;
    case DocBlock::Type::Fields:
      table_open(out, "fields");
      out += "<tbody>";
      for (const auto& [label, value] : b.fields)
        if (!value.empty())
          out += "\n<tr><th scope=\"row\">" + html_text(label) + "</th><td>" + html_text(value) + "</td></tr>";
      out += "</tbody></table></div>\n";
      break;
    case DocBlock::Type::List:
    case DocBlock::Type::Numbered: {
      const std::string tag = b.type == DocBlock::Type::List ? "ul" : "ol";
      out += "<" + tag + ">";
      for (const auto& item : b.items)
        out += "\n<li>" + html_text(item) + "</li>";
      out += "</" + tag + ">\n";
      break;
    }
    case DocBlock::Type::Table: {
      const auto cls = [&](size_t i, bool alert) {
        std::string c = i < b.classes.size() ? b.classes[i] : "";
        if (alert)
          c += c.empty() ? "alert" : " alert";
        return c.empty() ? std::string() : " class=\"" + html_escape(c) + "\"";
      };
      // On a phone (screen under 600px) each row reads as a card of label: value lines.
      table_open(out, "rows");
      out += "<thead><tr>";
      for (size_t i = 0; i < b.headers.size(); ++i)
        out += "<th scope=\"col\"" + cls(i, false) + ">" + html_text(b.headers[i]) + "</th>";
      out += "</tr></thead>\n<tbody>";
      for (const auto& row : b.rows) {
        out += "\n<tr>";
        for (size_t i = 0; i < row.size(); ++i)
          out += "<td" + cls(i, row[i].alert) + (i < b.headers.size() ? " data-label=\"" + html_escape(b.headers[i]) + "\"" : "") +
                 ">" + html_text(row[i].text) + "</td>";
        out += "</tr>";
      }
      out += "</tbody></table></div>\n";
      break;
    }
    }
  }
  return out;
}

} // namespace collab::views
