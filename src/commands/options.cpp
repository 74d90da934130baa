#include "commands/options.h"

namespace collab::commands {

namespace {

struct FormatName {
  Format format;
  std::string_view name;
};

constexpr FormatName k_format_names[] = {
  {Format::Text, "text"},   {Format::Json, "json"}, {Format::Github, "github"}, {Format::Sarif, "sarif"},
  {Format::Junit, "junit"}, {Format::Table, "table"}, {Format::Tsv, "tsv"},     {Format::Csv, "csv"},
  {Format::CsvPlain, "csv-plain"}, {Format::Md, "md"}, {Format::Html, "html"}, {Format::Gitlab, "gitlab"},
};

} // namespace

std::string_view format_name(Format f)
{
  for (const auto& n : k_format_names)
    if (n.format == f)
      return n.name;
  return "";
}

std::optional<Format> parse_format(std::string_view name)
{
  for (const auto& n : k_format_names)
    if (n.name == name)
      return n.format;
  return std::nullopt;
}

} // namespace collab::commands
