#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/clock.hpp"
#include "bot/engine/engine.hpp"
#include "bot/store/store.hpp"

namespace followup {

// One user talking to the real engine over a real store, with time under the caller's control.
// Each message goes through the same steps as on the server (understand, then one store
// transaction that deduplicates, decides and queues the replies), minus the network. Used by
// `followup-bot stories` and the conversation tests.
class session {
 public:
  using store_opener = std::function<std::unique_ptr<store>()>;
  session(std::shared_ptr<const knowledge> brain, store_opener open, std::string timezone,
          sys_time start, std::string platform = "web", std::string user_id = "story-user");

  struct turn_result {
    std::string intent;                // the main one
    std::vector<std::string> intents;  // every intent acted on (a message may carry several)
    std::vector<std::string> replies;
    std::string text() const;  // the replies joined by newlines
  };
  turn_result say(const std::string& text);

  // A reminder that went out while time passed.
  struct sent_nudge {
    std::string kind;
    sys_time at{};
    std::string text;  // the message it went out in (shared by a catch-up's reminders)
  };
  // Moves the clock to `t`, delivering each reminder when it comes due, in order.
  std::vector<sent_nudge> run_until(sys_time t);
  // Closes and reopens the store, as a restarted server would.
  void restart();

  sys_time now() const { return clock_.now(); }
  void set_time(sys_time t) { clock_.set(t); }
  void advance(std::chrono::milliseconds d) { clock_.advance(d); }

  std::optional<user_state> user();
  // The export document, as `/export` and `followup-bot export` produce it.
  nlohmann::json exported();

 private:
  std::shared_ptr<const knowledge> brain_;
  store_opener open_;
  std::unique_ptr<store> db_;
  std::string timezone_;
  manual_clock clock_;
  std::string platform_, user_id_;
  std::uint64_t counter_ = 0;
};

}  // namespace followup
