#include "collab/model/confirmations.h"

#include "collab/util/text.h"

namespace collab::model {

std::string_view person_key(const Config& cfg, std::string_view name)
{
  name = util::trim(name);
  const std::string_view registered = cfg.registered_name(name);
  return registered.empty() ? name : registered;
}

ConfirmationState confirmation_state(const yaml::Node& root, const Config& cfg)
{
  ConfirmationState s;
  if (const yaml::Node* attendees = root.get("attendees"); attendees && attendees->is_seq())
    for (const yaml::Node* a : attendees->items) {
      const std::string_view name =
        util::trim(a->is_map() ? a->text_of("name") : a->is_scalar() ? std::string_view(a->value) : std::string_view());
      if (!name.empty())
        s.attendees.emplace_back(name);
    }
  if (const yaml::Node* confirmed = root.get("confirmed"); confirmed && confirmed->is_seq())
    for (size_t i = 0; i < confirmed->items.size(); ++i) {
      const yaml::Node* c = confirmed->items[i];
      if (!c->is_map() || util::trim(c->text_of("name")).empty())
        continue;
      s.confirmed.push_back(Confirmation{std::string(util::trim(c->text_of("name"))),
                                         std::string(util::trim(c->text_of("date"))),
                                         std::string(util::trim(c->text_of("version"))), i});
    }
  for (const std::string& a : s.attendees)
    if (!confirmation_of(s, cfg, a))
      s.missing.push_back(a);
  return s;
}

std::optional<std::string> attendee_named(const ConfirmationState& state, const Config& cfg, std::string_view name)
{
  const std::string_view key = person_key(cfg, name);
  for (const std::string& a : state.attendees)
    if (person_key(cfg, a) == key)
      return a;
  return std::nullopt;
}

const Confirmation* confirmation_of(const ConfirmationState& state, const Config& cfg, std::string_view name)
{
  const std::string_view key = person_key(cfg, name);
  for (const Confirmation& c : state.confirmed)
    if (person_key(cfg, c.name) == key)
      return &c;
  return nullptr;
}

std::string person_for(const Config& cfg, std::string_view name, std::string_view email)
{
  const auto lower = [](std::string_view s) {
    std::string out(util::trim(s));
    for (char& c : out)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    return out;
  };
  if (!util::trim(email).empty())
    for (const auto& [registered, person] : cfg.people)
      if (!person.email.empty() && lower(person.email) == lower(email))
        return registered;
  return std::string(person_key(cfg, name));
}

bool confirmation_due(const Date& date, const Date& today)
{
  return today.days() - date.days() > 1;
}

} // namespace collab::model
