#include <boost/test/unit_test.hpp>

#include <chrono>

#include "bot/inbox/flood_gate.hpp"

using namespace followup;
using namespace std::chrono_literals;
using verdict = flood_gate::verdict;

BOOST_AUTO_TEST_SUITE(flood_limit)

BOOST_AUTO_TEST_CASE(a_burst_passes_then_one_warning_then_silence_until_the_pace_drops) {
  flood_gate gate(user_rate{3, 60s});
  sys_time t{std::chrono::milliseconds(1'000'000)};
  for (int i = 0; i < 3; ++i) BOOST_TEST((gate.check("telegram:1", t) == verdict::pass));
  BOOST_TEST((gate.check("telegram:1", t) == verdict::warn));
  BOOST_TEST((gate.check("telegram:1", t + 1s) == verdict::drop));
  BOOST_TEST((gate.check("telegram:1", t + 2s) == verdict::drop));
  // Another user is not affected.
  BOOST_TEST((gate.check("telegram:2", t + 2s) == verdict::pass));
  // 20 s refill one message (3 a minute); after it passes, a new flood is warned about again.
  BOOST_TEST((gate.check("telegram:1", t + 21s) == verdict::pass));
  BOOST_TEST((gate.check("telegram:1", t + 21s) == verdict::warn));
}

BOOST_AUTO_TEST_CASE(a_clock_stepping_back_refills_nothing_and_zero_means_no_limit) {
  flood_gate gate(user_rate{1, 60s});
  sys_time t{std::chrono::milliseconds(1'000'000)};
  BOOST_TEST((gate.check("u", t) == verdict::pass));
  BOOST_TEST((gate.check("u", t - 3600s) == verdict::warn));
  flood_gate off(user_rate{0, 60s});
  for (int i = 0; i < 1000; ++i) BOOST_TEST_REQUIRE((off.check("u", t) == verdict::pass));
}

BOOST_AUTO_TEST_CASE(the_number_of_users_remembered_is_bounded) {
  flood_gate gate(user_rate{1, 60s}, 100);
  sys_time t{std::chrono::milliseconds(1'000'000)};
  BOOST_TEST((gate.check("flooder", t) == verdict::pass));
  BOOST_TEST((gate.check("flooder", t) == verdict::warn));
  // 10,000 made-up ids: memory stays bounded; the gate fails open rather than growing.
  for (int i = 0; i < 10'000; ++i) gate.check("made-up-" + std::to_string(i), t);
  BOOST_TEST(gate.remembered() <= 100u);
  // Idle users are forgotten first: after a minute the flooder starts with a full bucket.
  BOOST_TEST((gate.check("flooder", t + 61s) == verdict::pass));
}

BOOST_AUTO_TEST_SUITE_END()
