#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace followup {
struct rules;
}

namespace followup::nlu {

// The IANA zone for what a user answers to "where are you based?": an exact zone name in any
// case ("europe/berlin"), a city of the zone database ("Berlin", "new york", "Sao Paulo"), or a
// place from rules.places ("Seattle", "NYC", "India"). Leading phrases such as "I'm in", "based
// in", "I live in" and a trailing ", NY" or ", Germany" are ignored. nullopt when nothing fits.
std::optional<std::string> resolve_place(std::string_view answer, const rules& r);

// The place in a statement about where the user is ("I'm based in Chicago", "my time zone is
// Europe/Paris", "I moved to London"), resolved; nullopt when the message is not such a
// statement or the place is unknown. Questions never match.
std::optional<std::string> stated_place(std::string_view message, const rules& r);

}  // namespace followup::nlu
