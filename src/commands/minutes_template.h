#pragma once

// The recorder's template: what `new meeting` opens in the editor (the guides' whole minutes,
// the optional parts as hints), and how the saved text drops what was left unfilled.

#include <map>
#include <string>
#include <vector>

namespace collab::commands {

/// The template of a new meeting `id`: `given` (key -> YAML text) filled in, every other key
/// of the guides' minutes present and empty with hint comments in the repo's language (title,
/// date, time, mode, location, host, recorder, attendees, absent, goals, agenda, actions,
/// open_questions, next_meeting, cc), then `extra` keys of `given` in order, then `created`.
std::string minutes_template(const std::string& id, const std::map<std::string, std::string>& given,
                             const std::vector<std::string>& extra, const std::string& created);

/// True when the template has the key (`extra` need not add it).
bool minutes_template_has(const std::string& key);

/// `saved` without the hint comments it still has from `template_text` and without the keys
/// left empty (`key:` with nothing, or only hints, below it), so that a record whose required
/// keys are filled (it linted without errors) keeps only what the recorder wrote. The
/// recorder's own comments stay.
std::string drop_unfilled(const std::string& saved, const std::string& template_text);

} // namespace collab::commands
