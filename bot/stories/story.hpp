#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace followup {

// A conversation story (DESIGN.md "Story files"): a user, a virtual clock and expectations.
struct story_step {
  int line = 0;  // in the file, for messages
  // One of these actions:
  std::optional<std::string> user;      // say this
  std::optional<std::string> wait;      // "3d", "2h", "30m", "1w"
  std::optional<std::string> until;     // "2026-11-19T10:30" local
  bool restart = false;                 // reopen the store, as a restarted server would
  std::optional<std::string> down;      // "2d": the server is down that long, then restarts
  std::optional<nlohmann::json> state;  // {"/json/pointer": expected}
  // Expectations:
  std::optional<std::string> intent;
  std::vector<std::string> reply;                  // each in the reply (or nudge texts)
  std::vector<std::string> reply_lacks;            // none of these
  std::optional<std::vector<std::string>> nudges;  // exactly these kinds, in order
  std::optional<std::vector<std::string>> nudges_include;
};

struct story {
  std::string name;
  std::string timezone = "America/New_York";
  std::string start;  // local "YYYY-MM-DDTHH:MM"
  std::vector<story_step> steps;
  int line = 0;
};

// Parses a story file; on error returns nullopt and says why in `error` (with the line).
std::optional<std::vector<story>> load_stories(const std::string& path, std::string& error);
// The same from a story file's text; `path` names it in errors.
std::optional<std::vector<story>> parse_stories(const std::string& text, const std::string& path,
                                                std::string& error);

}  // namespace followup
