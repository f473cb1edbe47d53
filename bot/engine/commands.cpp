#include "bot/engine/commands.hpp"

namespace followup {

namespace {
struct command {
  std::string_view text;
  std::string_view handler;
};
constexpr command commands[] = {
    {"/start", "greet"},
    {"/help", "help"},
    {"/status", "show_status"},
    {"/interviews", "show_status"},
    {"/settings", "show_settings"},
    {"/export", "export"},
    {"/delete", "delete_data"},
    {"/stop", "nudge_settings"},
    {"/lessons", "show_lessons"},
    {"/calendar", "calendar"},
};
}  // namespace

std::optional<std::string_view> command_handler(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.starts_with('/')) return std::nullopt;
  auto end = text.find_first_of(" @\n");
  auto word = text.substr(0, end);
  for (const auto& c : commands) {
    if (c.text == word) return c.handler;
  }
  return std::nullopt;
}

}  // namespace followup
