#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "bot/clock.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/document.hpp"

namespace date {
class time_zone;
}

namespace followup::nlu {

// The date grammar: date and time expressions in a run of a document's tokens, resolved to
// local days relative to `now` in `tz` (see date_grammar.cpp for every rule). `text` is the
// document's text, which the tokens' offsets refer to.
std::vector<resolved_date> parse_dates(std::span<const token> toks, std::string_view text,
                                       sys_time now, const date::time_zone& tz);

}  // namespace followup::nlu
