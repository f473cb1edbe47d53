#pragma once
#include <string>
#include <string_view>

namespace followup::nlu {

// Decodes one UTF-8 sequence at text[i] and advances i; invalid bytes decode as U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i);

// The ASCII letter or punctuation a Latin letter with diacritics or a typographic mark stands
// for ('é' -> 'e', '’' -> '\'', '—' -> '-', no-break space -> ' '); 0 when there is none.
char fold_latin(char32_t cp);

bool is_emoji(char32_t cp);

// Lower-cases and folds Unicode as fold_latin does, keeping the text's shape; emoji become
// " <emoji> ", letters of other scripts " <foreign> ", control characters spaces.
std::string fold_text(std::string_view text);

// Lower-cases ASCII letters only; other bytes (UTF-8 included) are left as they are.
std::string ascii_lower(std::string_view text);

}  // namespace followup::nlu
