#include "collab/model/confirmations.h"
#include "collab/yaml/parse.h"

#include <doctest/doctest.h>

using namespace collab;
using namespace collab::model;
using namespace collab::yaml;

namespace {

Config config()
{
  std::vector<util::Diagnostic> errors;
  Config cfg = parse_config(SourceFile(".collab.yaml", "people:\n  孙七: {email: Sun@Example.com, aliases: [小孙]}\n  "
                                                         "赵六: {email: zhao@example.com}\n"),
                            errors);
  REQUIRE(errors.empty());
  return cfg;
}

ConfirmationState state_of(const std::string& text, const Config& cfg)
{
  SourceFile src("m.yaml", text);
  const ParsedYaml p = parse_yaml(src);
  REQUIRE(p.doc);
  return confirmation_state(*p.doc->root(), cfg);
}

} // namespace

TEST_CASE("confirmations: attendees, who confirmed (aliases are the person), who is missing")
{
  const Config cfg = config();
  const auto s = state_of("attendees: [赵六, 小孙, {name: 周八, dept: 仓储部}]\n"
                          "confirmed:\n  - {name: 孙七, date: 2024-05-11, version: V1.0}\n  - {name: 王五}\n  - x\n",
                          cfg);
  CHECK(s.attendees == std::vector<std::string>{"赵六", "小孙", "周八"});
  REQUIRE(s.confirmed.size() == 2);
  CHECK(s.confirmed[0].version == "V1.0");
  CHECK(s.confirmed[1].index == 1);
  CHECK(s.missing == std::vector<std::string>{"赵六", "周八"});
  CHECK(attendee_named(s, cfg, "孙七") == std::optional<std::string>("小孙"));
  CHECK(!attendee_named(s, cfg, "王五"));
  CHECK(confirmation_of(s, cfg, "小孙")->date == "2024-05-11");
  CHECK(confirmation_of(s, cfg, "赵六") == nullptr);
  CHECK(state_of("title: x\n", cfg).missing.empty());
}

TEST_CASE("confirmations: the git identity through people, and when confirmations are due")
{
  const Config cfg = config();
  CHECK(person_for(cfg, "Sun Qi", "sun@example.COM") == "孙七");
  CHECK(person_for(cfg, "小孙", "other@example.com") == "孙七");
  CHECK(person_for(cfg, "Nobody", "") == "Nobody");
  const Date d{2024, 5, 10};
  CHECK_FALSE(confirmation_due(d, Date{2024, 5, 10}));
  CHECK_FALSE(confirmation_due(d, Date{2024, 5, 11}));
  CHECK(confirmation_due(d, Date{2024, 5, 12}));
  CHECK_FALSE(confirmation_due(d, Date{2024, 5, 1}));
}
